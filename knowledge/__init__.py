"""The curated legal knowledge base: law texts, FAQ files, the index and retrieval."""

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
LAWS_DIR = KNOWLEDGE_DIR / "laws"
FAQ_DIR = KNOWLEDGE_DIR / "faq"
TAXONOMY_FILE = KNOWLEDGE_DIR / "taxonomy.yml"
