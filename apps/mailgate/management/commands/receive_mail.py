"""Receive one mail on standard input, for Postfix's pipe(8) transport.

Exit codes are the ones pipe(8) understands (sysexits.h): 0 delivered, 67
EX_NOUSER unknown address, 73 EX_CANTCREAT over the size limit, 75 EX_TEMPFAIL
try later. A message on standard error goes into Postfix's bounce or log.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.mailgate.services import Refused, TryLater, mail_receive

EX_OK = 0
EX_NOUSER = 67
EX_CANTCREAT = 73
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one mail on stdin and post it (Postfix pipe: exit 0, 67 or 75)."

    def add_arguments(self, parser):
        parser.add_argument("--recipient", required=True, help="the posting address (${recipient})")
        parser.add_argument("--sender", default=None, help="the envelope sender (${sender})")

    def handle(self, *args, recipient, sender, **options):
        stdin = getattr(self, "stdin", None) or sys.stdin.buffer
        # One byte over the limit is enough to know it is too big.
        raw = stdin.read(settings.MAIL_MAX_BYTES + 1)
        try:
            outcome = mail_receive(raw, recipient=recipient, sender=sender)
        except Refused as exc:
            self.stderr.write(exc.reply)
            sys.exit(EX_NOUSER if exc.code == 550 else EX_CANTCREAT)
        except TryLater as exc:
            self.stderr.write(exc.reply)
            sys.exit(EX_TEMPFAIL)
        except Exception as exc:  # never let Postfix think a mail was taken when it was not
            self.stderr.write(f"451 4.3.0 {type(exc).__name__}")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(outcome.result)
        sys.exit(EX_OK)
