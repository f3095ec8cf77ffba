"""Issue (or renew) the Open311 key of a client system; the key is printed once and only its hash is kept."""

from django.core.management.base import BaseCommand, CommandError

from sunlight.letters.models import Mailbox

from ...keys import issue_key


class Command(BaseCommand):
    help = "Issue or renew an Open311 API key: open311_key NAME --mailbox CODE"

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client system's name, e.g. 云川市12345热线平台")
        parser.add_argument("--mailbox", required=True, help="the code of the mailbox its letters go to")

    def handle(self, *args, name: str, mailbox: str, **options):
        box = Mailbox.objects.filter(code=mailbox, is_active=True).first()
        if box is None:
            raise CommandError(f"no active mailbox with the code {mailbox!r}")
        client, key = issue_key(name=name, mailbox=box)
        self.stdout.write(f"{client.name} → {box.name}\napi_key: {key}\n(shown once; only its hash is kept)")
