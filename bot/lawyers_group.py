"""The lawyers' desk in Telegram: a group chat (HOTLINE_LAWYERS_CHAT_ID) where each new
ticket is announced with a 认领 (claim) button; a lawyer who replies to the announcement
answers the worker; overdue tickets are reminded. Only registered lawyers (their Telegram
id in `hotline lawyers add --telegram-id`) can act; everyone else is refused.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from casework.evidence import summary as evidence_summary
from casework.present import fact_rows
from foundation.vocabulary import CLAIMED, HIGH, STATUS_ZH, URGENCY_ZH, URGENT
from stores.lawyers import Lawyers
from stores.tickets import TicketError, Tickets

log = logging.getLogger(__name__)
URGENCY_MARK = {URGENT: "🔴 ", HIGH: "🟠 "}  # seen at a glance in a busy group
REFUSED = "只有登记的工会律师可以操作工单。"


def urgency(ticket: dict) -> str:
    """The ticket's urgency as the desk names it (foundation/vocabulary.py), marked by colour."""
    return URGENCY_MARK.get(ticket["urgency"], "") + URGENCY_ZH.get(ticket["urgency"], ticket["urgency"])


def announcement(ticket: dict, group: list[dict] | tuple = ()) -> str:
    """The case at a glance, as a lawyer needs it to decide to take it; `group`: other workers'
    tickets against the same party (a collective case, Tickets.group)."""
    facts, reasons, transcript = ticket["facts"], ticket["reasons"], ticket["transcript"]  # decoded by the store
    first = next((line["text"] for line in transcript if line["from"] == "worker"), "")
    lines = [f"新工单 {ticket['id']}（{urgency(ticket)}）",
             f"主题：{ticket['topic']}　原因：{'；'.join(reasons)}",
             f"职工说：{first[:200]}"]
    if facts:
        rows = fact_rows({k: v for k, v in facts.items() if k != "contact_phone"})
        lines.append("要点：" + "；".join(f"{r['label']} {r['value']}" for r in rows))
    if ticket.get("evidence"):
        lines.append("证据：" + evidence_summary(ticket["evidence"]))
    if group:
        lines.append(f"集体案件：另有 {len(group)} 张工单反映同一{ticket['party']}（"
                     + "、".join(other["id"] for other in group) + "），请一并处理")
    lines.append(f"首次回复期限：{ticket['sla_due']}。回复本条消息即可答复职工。")
    return "\n".join(lines)


async def announce_and_remind(application: Application, chat_id: int) -> None:
    """New tickets get an announcement with a claim button; overdue ones a reminder."""
    tickets: Tickets = application.bot_data["tickets"]
    for ticket in tickets.unannounced():
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("认领", callback_data=f"claim:{ticket['id']}")]])
        try:
            sent = await application.bot.send_message(chat_id, announcement(ticket, tickets.group(ticket)),
                                                      reply_markup=markup)
            tickets.announced(ticket["id"], sent.message_id)
        except TelegramError as error:
            log.warning("could not announce %s: %s", ticket["id"], error)
    for ticket in tickets.overdue():
        holder = ticket["assignee"] or "还没有人认领"
        try:
            await application.bot.send_message(
                chat_id, f"⏰ 工单 {ticket['id']}（{urgency(ticket)}）已超过首次回复期限 "
                         f"{ticket['sla_due']}，{holder}。", reply_to_message_id=ticket["announced_message_id"])
            tickets.reminded(ticket["id"])
        except TelegramError as error:
            log.warning("could not remind about %s: %s", ticket["id"], error)


def registered_lawyer(context: ContextTypes.DEFAULT_TYPE, telegram_id: int) -> dict | None:
    tickets: Tickets = context.bot_data["tickets"]
    return Lawyers(tickets.db).by_telegram(telegram_id)


async def on_claim(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The 认领 button."""
    query = update.callback_query
    lawyer = registered_lawyer(context, query.from_user.id)
    if lawyer is None:
        await query.answer(REFUSED, show_alert=True)
        return
    ticket_id = query.data.removeprefix("claim:")
    try:
        context.bot_data["tickets"].claim(ticket_id, lawyer["username"], lawyer["name"])
    except TicketError as error:
        await query.answer(str(error), show_alert=True)
        return
    await query.answer("已认领")
    await query.message.reply_text(f"{lawyer['name']} 已认领 {ticket_id}（{STATUS_ZH[CLAIMED]}）。")


async def on_group_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A lawyer's reply to an announcement goes to the worker."""
    message = update.effective_message
    tickets: Tickets = context.bot_data["tickets"]
    ticket = tickets.by_announcement(message.reply_to_message.message_id)
    if ticket is None:
        return
    lawyer = registered_lawyer(context, message.from_user.id)
    if lawyer is None:
        await message.reply_text(REFUSED)
        return
    try:
        if ticket["status"] == "new":
            tickets.claim(ticket["id"], lawyer["username"], lawyer["name"])
        elif ticket["assignee"] != lawyer["username"]:
            await message.reply_text(f"{ticket['id']} 由 {ticket['assignee']} 负责，请先在工作台转派。")
            return
        tickets.reply(ticket["id"], lawyer["username"], message.text or "")
    except TicketError as error:
        await message.reply_text(str(error))
        return
    await message.reply_text(f"已发给职工（{ticket['id']}）。")
