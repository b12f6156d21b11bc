"""Documents drafted from a case (casework/documents.py) as files: PDF with an embedded
Chinese font, and DOCX for Word or WPS. Used by the bot and the desk; imports only the
layers below them."""
