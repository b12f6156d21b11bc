"""The `hotline` command. Each sub-command is a thin wrapper over a Python function,
so everything the CLI does can also be done (and tested) from Python.

  hotline up [--no-bot]                 start everything; Ctrl-C stops it
  hotline chat                          talk to the assistant in the terminal
  hotline ask "TEXT" [--json]           one question through the real stack
  hotline ask --jsonl IN [--out OUT]    many questions (see docs/ask-contract.md)
  hotline build                         embedder, knowledge-base index, Rasa model (when changed)
  hotline kb build|check|search|gaps|train-embedder|reload
  hotline nlu build [--force]           assemble the Rasa project and train if its inputs changed
  hotline nlu cv [--folds N]            Rasa NLU cross-validation report
  hotline lawyers add|list              lawyers' accounts for the desk
  hotline tickets list|show|export|draft-faq   tickets handed to lawyers; monthly figures as CSV; FAQ drafts
  hotline privacy purge --older-than DAYS   remove personal data of old closed tickets, messages and conversations
  hotline backup FOLDER / restore FOLDER    online backup of the data
  hotline webchat qr URL [--out PNG]    the web chat's public address as a QR code for a poster
  hotline eval LABELS.jsonl             score answers against labelled questions
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from foundation.settings import ROOT, settings
from hotline.common import entry_cases, read_jsonl, running_stack


def main(argv: list[str] | None = None) -> int:
    settings.cache_clear()  # one command, one reading of the environment (tests run many in one process)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a clear one-line error, never a traceback, for staff
        from hotline.stack import StackError
        from knowledge.index import BuildError

        if isinstance(error, BuildError):
            print_problems(error.result.problems)
            print("未发布：知识库仍使用上一次的正确版本。", file=sys.stderr)
            return 1
        if isinstance(error, StackError | FileNotFoundError | RuntimeError):
            print(f"error: {error}", file=sys.stderr)
            return 1
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotline", description="The 12351 worker-hotline assistant.")
    sub = parser.add_subparsers(metavar="COMMAND")

    up = sub.add_parser("up", help="start the Rasa server, the action server and the bot")
    up.add_argument("--no-bot", action="store_true", help="do not start the Telegram bot")
    up.add_argument("--profile", choices=["embedded", "production"],
                    help="embedded (default: SQLite, one of each process) or production (PostgreSQL, Redis, "
                         "nginx, several Rasa workers and action servers; docs/deploy.md); HOTLINE_PROFILE")
    up.add_argument("--rasa-workers", type=int, help="Rasa workers in the production profile (HOTLINE_RASA_WORKERS, 2)")
    up.add_argument("--action-workers", type=int,
                    help="action servers in the production profile (HOTLINE_ACTION_WORKERS, 2)")
    up.set_defaults(func=cmd_up)

    chat = sub.add_parser("chat", help="chat with the assistant in the terminal")
    chat.set_defaults(func=cmd_chat)

    ask = sub.add_parser("ask", help="run questions through the real stack")
    ask.add_argument("text", nargs="?", help="one question")
    ask.add_argument("--json", action="store_true", help="print the full JSON result")
    ask.add_argument("--jsonl", type=Path, help="input file: one {\"id\", \"text\"} object per line")
    ask.add_argument("--out", type=Path, help="output file (default: standard output)")
    ask.set_defaults(func=cmd_ask)

    build = sub.add_parser("build", help="build everything the assistant reads (only what changed)")
    build.set_defaults(func=cmd_build)

    kb = sub.add_parser("kb", help="knowledge base: build, check, search").add_subparsers(metavar="KB_COMMAND")
    kb_build = kb.add_parser("build", help="check the FAQ files and publish a new index (live without restart)")
    kb_build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    kb_build.set_defaults(func=cmd_kb_build)
    kb_reload = kb.add_parser("reload", help="same as build --force: publish now; the action server picks it up")
    kb_reload.set_defaults(func=cmd_kb_build, force=True)
    kb_check = kb.add_parser("check", help="report problems in the FAQ files, with file and line")
    kb_check.add_argument("--faq-dir", type=Path, help="check another folder of FAQ files")
    kb_check.add_argument("--no-conflicts", action="store_true", help="skip the (slower) conflict check")
    kb_check.set_defaults(func=cmd_kb_check)
    kb_search = kb.add_parser("search", help="show the ranking for a question, with scores")
    kb_search.add_argument("query")
    kb_search.add_argument("--topic", help="restrict to one topic code")
    kb_search.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    kb_search.add_argument("-k", type=int, default=5)
    kb_search.set_defaults(func=cmd_kb_search)
    kb_gaps = kb.add_parser("gaps", help="questions answered with low confidence, grouped by similarity")
    kb_gaps.add_argument("--limit", type=int, default=20, help="how many groups to show")
    kb_gaps.set_defaults(func=cmd_kb_gaps)
    kb_eval = kb.add_parser("eval", help="retrieval alone on labelled questions: top-1/top-3 entry and topic accuracy")
    kb_eval.add_argument("labels", type=Path, help="JSONL with text and entry (rows labelled none are skipped)")
    kb_eval.set_defaults(func=cmd_kb_eval)
    kb_attract = kb.add_parser("attract", help="entries that win questions meant for other entries (corpus, leave-one-out)")
    kb_attract.add_argument("labels", type=Path, nargs="?", help="a labelled JSONL instead of the corpus")
    kb_attract.add_argument("--limit", type=int, default=20)
    kb_attract.set_defaults(func=cmd_kb_attract)
    kb_train = kb.add_parser("train-embedder", help="train (or fine-tune) the sentence-embedding model offline")
    kb_train.add_argument("--base", type=Path, help="a sentence-transformers folder to fine-tune instead")
    kb_train.set_defaults(func=cmd_kb_train)

    nlu = sub.add_parser("nlu", help="the Rasa model").add_subparsers(metavar="NLU_COMMAND")
    nlu_build = nlu.add_parser("build", help="assemble the Rasa project; train if its inputs changed")
    nlu_build.add_argument("--force", action="store_true")
    nlu_build.set_defaults(func=cmd_nlu_build)

    nlu_cv = nlu.add_parser("cv", help="Rasa NLU cross-validation; reports in var/nlu-cv/")
    nlu_cv.add_argument("--folds", type=int, default=3)
    nlu_cv.set_defaults(func=cmd_nlu_cv)

    lawyers = sub.add_parser("lawyers", help="lawyers' accounts for the desk").add_subparsers(metavar="LAWYERS_COMMAND")
    lawyers_add = lawyers.add_parser("add", help="add or update an account (password from HOTLINE_NEW_PASSWORD or a prompt)")
    lawyers_add.add_argument("username")
    lawyers_add.add_argument("--name", default="", help="name shown to colleagues, e.g. 张律师")
    lawyers_add.add_argument("--admin", action="store_true", help="role admin instead of lawyer")
    lawyers_add.add_argument("--telegram-id", type=int, help="the lawyer's Telegram user id (lawyers' group)")
    lawyers_add.set_defaults(func=cmd_lawyers_add)
    lawyers_list = lawyers.add_parser("list", help="list accounts")
    lawyers_list.set_defaults(func=cmd_lawyers_list)

    tickets = sub.add_parser("tickets", help="tickets handed to lawyers").add_subparsers(metavar="TICKETS_COMMAND")
    tickets_list = tickets.add_parser("list", help="open tickets, most urgent first")
    tickets_list.add_argument("--status")
    tickets_list.add_argument("--json", action="store_true", help="one JSON object per line")
    tickets_list.set_defaults(func=cmd_tickets_list)
    tickets_export = tickets.add_parser("export", help="monthly figures by topic as CSV (all tickets)")
    tickets_export.add_argument("--out", type=Path, help="CSV file (default: standard output)")
    tickets_export.set_defaults(func=cmd_tickets_export)
    tickets_show = tickets.add_parser("show", help="one ticket as JSON")
    tickets_show.add_argument("ticket_id")
    tickets_show.set_defaults(func=cmd_tickets_show)
    tickets_draft = tickets.add_parser("draft-faq", help="a resolved ticket as a draft FAQ entry for staff to review")
    tickets_draft.add_argument("ticket_id")
    tickets_draft.add_argument("--out-dir", type=Path, help="folder (default: HOTLINE_FAQ_DRAFTS_DIR, knowledge/faq/drafts)")
    tickets_draft.set_defaults(func=cmd_tickets_draft_faq)

    privacy = sub.add_parser("privacy", help="data retention").add_subparsers(metavar="PRIVACY_COMMAND")
    purge = privacy.add_parser("purge", help="remove personal data of closed tickets, old messages and (production) idle conversations past retention")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    purge.set_defaults(func=cmd_privacy_purge)
    backup = sub.add_parser("backup", help="online backup of tickets, journal and gaps into a folder")
    backup.add_argument("folder", type=Path)
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="restore a backup folder made by `hotline backup`")
    restore.add_argument("folder", type=Path)
    restore.set_defaults(func=cmd_restore)

    webchat = sub.add_parser("webchat", help="the workers' web chat").add_subparsers(metavar="WEBCHAT_COMMAND")
    qr = webchat.add_parser("qr", help="a QR code (PNG) of the web chat's public address, for a poster")
    qr.add_argument("url", help="the public address workers open, e.g. https://12351.example.cn/chat/")
    qr.add_argument("--out", type=Path, default=Path("poster-qr.png"))
    qr.add_argument("--scale", type=int, default=20, help="pixels per module (20: about 15 cm wide at 150 dpi)")
    qr.set_defaults(func=cmd_webchat_qr)

    converse = sub.add_parser("converse", help="run the scripted conversations and print a pass/fail table")
    converse.add_argument("folder", type=Path, nargs="?", default=ROOT / "tests" / "conversations")
    converse.add_argument("--only", help="run the scripts whose file name contains this")
    converse.add_argument("--show", action="store_true", help="print every turn of the failing conversations")
    converse.add_argument("--figures", type=Path, default=ROOT / "tests" / "one_message_figures.yml",
                          help="one-message questions with every fact given: the share that states the figure")
    converse.set_defaults(func=cmd_converse)

    evaluate = sub.add_parser("eval", help="score the assistant on labelled questions")
    evaluate.add_argument("labels", type=Path)
    evaluate.add_argument("--report", type=Path, default=Path("var/eval/report.md"))
    evaluate.add_argument("--min-topic-accuracy", type=float, default=0.0)
    evaluate.add_argument("--min-escalation-precision", type=float, default=0.0)
    evaluate.add_argument("--min-escalation-recall", type=float, default=0.0)
    evaluate.add_argument("--min-entry-accuracy", type=float, default=0.0)
    evaluate.add_argument("--min-must-mention", type=float, default=0.0,
                          help="share of required facts mentioned; exit 1 under any threshold")
    evaluate.set_defaults(func=cmd_eval)
    return parser


# --- running -------------------------------------------------------------------

def cmd_up(args: argparse.Namespace) -> int:
    from hotline.build import build_knowledge
    from hotline.stack import Stack, stop_on_sigterm, wait_forever

    stop_on_sigterm()
    for variable, value in (("HOTLINE_PROFILE", args.profile), ("HOTLINE_RASA_WORKERS", args.rasa_workers),
                            ("HOTLINE_ACTION_WORKERS", args.action_workers)):
        if value is not None:
            os.environ[variable] = str(value)  # for the processes the stack starts
    settings.cache_clear()  # and for this one
    config = settings()
    build_knowledge(config)
    with Stack(config, with_bot=not args.no_bot) as stack:
        print("The 12351 assistant is running:")
        print("\n".join(stack.describe()))
        public = f"{config.host}:{config.public_port}" if config.profile == "production" else \
            f"{config.host}:{config.webchat_port}"
        print(f"\nWorkers' web chat: http://{public}/chat/  (open it in a browser)")
        if not stack.with_bot:
            print("\nNo TELEGRAM_BOT_TOKEN set: talk to it with `hotline chat` in another terminal.")
        print("Press Ctrl-C to stop.")
        wait_forever(stack)
    print("stopped.")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from hotline.chat import chat_loop

    config = settings()
    with running_stack(config):
        asyncio.run(chat_loop(config))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from foundation.rasa_client import RasaClient
    from hotline.ask import ask_lines

    if bool(args.text) == bool(args.jsonl):
        print("error: give either a question or --jsonl FILE", file=sys.stderr)
        return 2
    rows = read_jsonl(args.jsonl) if args.jsonl else [{"id": 1, "text": args.text}]
    config = settings()

    async def run() -> list[dict]:
        rasa = RasaClient(config.rasa_url, config.rasa_timeout)
        try:
            return await ask_lines(rasa, rows)
        finally:
            await rasa.close()

    with running_stack(config):
        results = asyncio.run(run())
    if args.jsonl or args.json:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(lines, encoding="utf-8")
        else:
            sys.stdout.write(lines)
    else:
        print(results[0]["answer"])
    return 0


def cmd_converse(args: argparse.Namespace) -> int:
    from hotline.conversations import load_one_message, load_scripts, run_all, table

    scripts = [s for s in load_scripts(args.folder) if not args.only or args.only in s.path.stem]
    singles = load_one_message(args.figures) if args.figures and args.figures.exists() and not args.only else []
    config = settings()
    with running_stack(config):
        outcomes = asyncio.run(run_all(config.rasa_url, scripts + singles))
    outcomes, figures = outcomes[:len(scripts)], outcomes[len(scripts):]
    print(table(outcomes))
    if figures:
        stated = sum(o.passed for o in figures)
        print(f"one-message questions that state the right figure: {stated}/{len(figures)} ({stated / len(figures):.0%})")
        for outcome in (o for o in figures if not o.passed):
            print(f"  ✗ {outcome.script.turns[0]['say']}  — {'; '.join(outcome.failures)}")
        outcomes = outcomes + figures
    if args.show:
        for outcome in (o for o in outcomes if not o.passed):
            print(f"\n## {outcome.script.path.stem}: {outcome.script.name}")
            for turn, reply in zip(outcome.script.turns, outcome.replies, strict=True):
                print(f"> {turn['say']}\n{reply['answer']}")
    return 0 if all(o.passed for o in outcomes) else 1


# --- building --------------------------------------------------------------------

def cmd_build(args: argparse.Namespace) -> int:
    from hotline.build import build_all

    build_all(settings())
    return 0


def cmd_kb_build(args: argparse.Namespace) -> int:
    from hotline.build import build_knowledge

    info = build_knowledge(settings(), force=args.force)
    print(f"index: {info['entries']} entries, {info['articles']} articles, model {info['model'] or '(none)'}")
    return 0


def cmd_kb_check(args: argparse.Namespace) -> int:
    from knowledge.check import check
    from knowledge.corpus import CORPUS_DIR

    problems = check(args.faq_dir, conflicts=not args.no_conflicts, embedder_path=settings().embedding_model,
                     corpus_dir=None if args.faq_dir else CORPUS_DIR)
    print_problems(problems)
    if not problems:
        print("知识库检查通过，没有发现问题。")
    return 1 if problems else 0


def print_problems(problems: list) -> None:
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if problems:
        print(f"共 {len(problems)} 个问题。", file=sys.stderr)


def cmd_kb_search(args: argparse.Namespace) -> int:
    from actions.knowledge_base import LiveKnowledgeBase

    config = settings()
    retriever = LiveKnowledgeBase(config.kb_db, config.embedding_model, config.classifiers_dir).retriever()
    for rank, c in enumerate(retriever.search(args.query, topic=args.topic, k=args.k, mode=args.mode), start=1):
        entry = retriever.entry(c.entry_id)
        print(f"{rank}. {c.score:.3f} (bm25 {c.bm25:.3f}, dense {c.dense:.3f})  [{c.topic}] {c.entry_id}")
        print(f"   {entry['question']}")
        print(f"   matched: {c.matched}")
    return 0


def cmd_kb_eval(args: argparse.Namespace) -> int:
    from actions.knowledge_base import LiveKnowledgeBase
    from knowledge.evaluation import retrieval_accuracy
    from knowledge.retrieval import Retriever

    config = settings()
    retriever = LiveKnowledgeBase(config.kb_db, config.embedding_model, config.classifiers_dir).retriever()
    cases = entry_cases(args.labels)
    alternatives = {row["text"]: row.get("entry_alt") or [] for row in read_jsonl(args.labels)}
    print(f"{len(cases)} questions with an entry label in {args.labels}; "
          "an entry the reviewer named as equally good (entry_alt) counts as right")
    print("| mode | entry top-1 | entry top-3 | topic top-1 |\n|---|---|---|---|")
    similarity = Retriever(retriever.index, retriever.embedder)  # without the entry model
    for name, searcher, mode in (("hybrid + entry model", retriever, "hybrid"), ("hybrid", similarity, "hybrid"),
                                 ("bm25", similarity, "bm25"), ("dense", similarity, "dense")):
        a = retrieval_accuracy(searcher, cases, mode=mode, alternatives=alternatives)
        print(f"| {name} | {a.top1:.3f} | {a.top3:.3f} | {a.topic_top1:.3f} |")
    return 0


def cmd_kb_attract(args: argparse.Namespace) -> int:
    from actions.knowledge_base import LiveKnowledgeBase
    from knowledge.check import attractors
    from knowledge.corpus import load_corpus

    config = settings()
    retriever = LiveKnowledgeBase(config.kb_db, config.embedding_model, config.classifiers_dir).retriever()
    if args.labels:
        cases = entry_cases(args.labels)
    else:
        cases = [(m.text, m.entry) for m in load_corpus()[0] if m.entry in retriever.index.entries]
    rows = attractors(retriever, cases, leave_one_out=not args.labels)
    wrong = sum(count for _, count, _ in rows)
    print(f"{len(cases)} labelled questions, {wrong} answered by another entry ({wrong / max(len(cases), 1):.1%})")
    for entry_id, count, examples in rows[: args.limit]:
        print(f"\n{entry_id}  wins {count} questions of other entries: {retriever.entry(entry_id)['question']}")
        for text, expected in examples:
            print(f"   「{text[:60]}」 → should be {expected}")
    return 0


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    from collections import Counter

    from knowledge.embedder import load_embedder
    from knowledge.gaps import group_gaps

    config = settings()
    embedder = load_embedder(config.embedding_model) if config.embedding_model.exists() else None
    groups = group_gaps(config.gaps_db, embedder)
    if not groups:
        print("还没有记录到答不好的问题。")
    for number, group in enumerate(groups[: args.limit], start=1):
        topic = Counter(group.topics).most_common(1)[0][0]
        print(f"{number}. {group.size} 次  [{topic}]")
        for text in list(dict.fromkeys(group.texts))[:5]:
            print(f"   - {text}")
    return 0


def cmd_kb_train(args: argparse.Namespace) -> int:
    from hotline.build import train_default_embedder

    info = train_default_embedder(settings(), base=args.base)
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0


def cmd_nlu_build(args: argparse.Namespace) -> int:
    from hotline.nlu_build import ensure_model

    print(ensure_model(settings(), force=args.force))
    return 0


def cmd_nlu_cv(args: argparse.Namespace) -> int:
    from hotline.nlu_build import cross_validate

    out = cross_validate(settings(), folds=args.folds)
    print(f"reports: {out}  (intent_report.json, intent_confusion_matrix.png)")
    return 0


def cmd_lawyers_add(args: argparse.Namespace) -> int:
    import getpass

    from stores.lawyers import Lawyers
    from stores.schema import open_store

    config = settings()
    password = config.new_password or getpass.getpass("密码（至少 10 个字符）：")
    try:
        Lawyers(open_store(config.cases_db)).add(args.username, args.name, password,
                                                     "admin" if args.admin else "lawyer", args.telegram_id)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"已保存账号 {args.username}")
    return 0


def cmd_lawyers_list(args: argparse.Namespace) -> int:
    from stores.lawyers import Lawyers
    from stores.schema import open_store

    for account in Lawyers(open_store(settings().cases_db)).all():
        print(f"{account['username']:16} {account['name']:10} {account['role']:7} telegram={account['telegram_id'] or '-'}")
    return 0


def cmd_tickets_list(args: argparse.Namespace) -> int:
    from foundation.vocabulary import STATUS_ZH
    from stores.tickets import Tickets

    for t in Tickets(settings().cases_db).queue(status=args.status):
        if args.json:
            print(json.dumps({k: t[k] for k in ("id", "created", "topic", "urgency", "status", "assignee", "sla_due",
                                                "chat_id", "outcome")}, ensure_ascii=False))
        else:
            print(f"{t['id']}  {t['urgency']:7} {STATUS_ZH[t['status']]:4} {t['topic']:28} "
                  f"{t['assignee'] or '-':10} due {t['sla_due']}")
    return 0


def cmd_tickets_export(args: argparse.Namespace) -> int:
    from desk.report import monthly, to_csv
    from stores.tickets import Tickets

    text = to_csv(monthly(Tickets(settings().cases_db).all()))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_tickets_show(args: argparse.Namespace) -> int:
    from stores.tickets import TicketError, Tickets

    try:
        print(json.dumps(Tickets(settings().cases_db).get(args.ticket_id), ensure_ascii=False, indent=2))
    except TicketError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_tickets_draft_faq(args: argparse.Namespace) -> int:
    from stores.faq_drafts import write_draft
    from stores.tickets import TicketError, Tickets

    config = settings()
    try:
        path = write_draft(Tickets(config.cases_db).get(args.ticket_id), args.out_dir or config.faq_drafts_dir)
    except TicketError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"FAQ 草稿：{path}（审核后移到 knowledge/faq/，见 docs/staff-guide.md）")
    return 0


def cmd_privacy_purge(args: argparse.Namespace) -> int:
    from desk.maintenance import purge

    config = settings()
    counts = purge(config.data_dir, args.older_than)
    print(f"已清除：{counts['tickets']} 张已关闭工单的个人信息，{counts['journal']} 条消息记录，{counts['gaps']} 条待补问题，"
          f"{counts['files']} 个网页聊天里发给职工的文书")
    if config.profile == "production":  # conversations live in PostgreSQL there
        from hotline.production import ProductionSetupError, purge_conversations

        try:
            print(f"已清除：{purge_conversations(config, args.older_than)} 条对话记录（PostgreSQL）")
        except ProductionSetupError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    return 0


def cmd_webchat_qr(args: argparse.Namespace) -> int:
    import segno

    host = urlsplit(args.url).hostname or ""
    if urlsplit(args.url).scheme not in ("http", "https") or not host:
        print("error: give the full address, e.g. https://12351.example.cn/chat/", file=sys.stderr)
        return 2
    if host in ("localhost", "127.0.0.1", "::1"):
        print(f"error: {host} is this machine; a phone cannot open it. Give the public address.", file=sys.stderr)
        return 2
    code = segno.make_qr(args.url, error="m")  # 15% of the code may be dirty or torn and it still reads
    code.save(args.out, kind="png", scale=args.scale, border=4)
    print(f"{args.out}: QR code of {args.url} (version {code.version}, {code.symbol_size(scale=args.scale)[0]} px)")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from desk.maintenance import backup

    for path in backup(settings().data_dir, args.folder):
        print(f"backed up {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desk.maintenance import restore

    for path in restore(args.folder, settings().data_dir):
        print(f"restored {path}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from hotline.evaluate import run_eval

    return run_eval(settings(), args)


if __name__ == "__main__":
    sys.exit(main())
