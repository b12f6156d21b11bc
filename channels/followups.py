"""The outcome follow-up on every channel: a job queues the question for tickets that fell
due (stores/followups.py; each channel's outbox job delivers it with its buttons), the
buttons' presses come back through the pipeline (channels/intake.py `press`), and a typed
amount is taken before the intake — the worker's answers never go to Rasa as a question.

Nothing is kept in memory: the steps are on the ticket and the buttons carry the ticket
number (`fu:<ticket>:<code>`, casework/followup.py), so a restart loses none.
"""

from __future__ import annotations

from casework.followup import Rules, parse_callback
from channels.outlet import Conversation
from channels.pipeline import Pipeline
from channels.sending import say
from stores.followups import Followups


async def ask_due(pipeline: Pipeline) -> None:
    """Job: queue the question for every ticket due now (delivered by the outbox jobs)."""
    rules = Rules.of(pipeline.settings.followup_days, pipeline.settings.followup_quiet_hours)
    Followups(pipeline.tickets).queue_due(pipeline.clock(), rules)


def is_answer(payload: str) -> bool:
    """A follow-up button's payload (解决了 / 部分解决 / 没解决, 没拿到钱, 满意 / 一般 / 不满意)."""
    return parse_callback(payload) is not None


async def pressed(pipeline: Pipeline, conversation: Conversation, payload: str) -> None:
    """A follow-up button: stored on the ticket if it is this worker's, the next step said."""
    parsed = parse_callback(payload)
    step = Followups(pipeline.tickets).press(conversation.sender, *parsed, pipeline.clock()) if parsed else None
    if step is not None:
        await say(pipeline, conversation, step.reply, buttons=[b for row in step.buttons for b in row])


async def take_amount(pipeline: Pipeline, conversation: Conversation, key: str, text: str) -> bool:
    """A text that answers the amount question: stored, answered, journaled, and True (the
    intake does not see it). False for any other text, and for a second delivery."""
    journal = pipeline.journal
    if journal.has(key):
        return False  # a second delivery: the intake drops it
    step = Followups(pipeline.tickets).typed(conversation.sender, text, pipeline.clock())
    if step is None:
        return False
    journal.record(key, conversation, text)
    journal.done(key)
    await say(pipeline, conversation, step.reply, key, buttons=[b for row in step.buttons for b in row])
    return True
