"""The baseline's one custom action: answers with a fixed sentence, no work at all."""

from rasa_sdk import Action


class ActionTrivial(Action):
    def name(self) -> str:
        return "action_trivial"

    async def run(self, dispatcher, tracker, domain) -> list:
        dispatcher.utter_message(text="ok")
        return []
