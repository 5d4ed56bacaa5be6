"""What the gateway keeps of X: the money its calls cost, per day, X account and endpoint."""

from django.db import models


class XSpend(models.Model):
    """One X account's calls to one endpoint for one page on one UTC day (X bills by
    UTC day). ``page`` is the gateway's URL name ("client:home"), or what else made
    the calls ("send_outbox", "mailgate"), empty when unknown.

    ``micros`` is the cost in millionths of a US dollar at the configured rates
    (``X_PRICES``); ``resources`` counts what a read returned and X charged for
    (a resource read again the same day is free, and not counted again).
    """

    day = models.DateField()
    x_user_id = models.CharField(max_length=32)
    endpoint = models.CharField(max_length=100)
    page = models.CharField(max_length=64, blank=True, default="")
    calls = models.PositiveIntegerField(default=0)
    resources = models.PositiveIntegerField(default=0)
    micros = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "x_user_id", "endpoint", "page"], name="xspend_one_row_per_page"
            )
        ]
        indexes = [models.Index(fields=["day", "x_user_id"])]
        verbose_name = "X spending"
        verbose_name_plural = "X spending"

    def __str__(self):
        return f"{self.day} {self.x_user_id} {self.endpoint}: {self.micros / 1e6:.3f} USD"
