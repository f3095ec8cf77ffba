from django.db import models


class RateCounter(models.Model):
    """How many attempts one key (a hashed client address and purpose, with its window) made in one window.

    Written only by ``sunlight.throttle.hit`` with one atomic upsert; a row outlives its window by a second and
    is deleted by later hits (``expires_at``). Not an audit record: nothing else reads it.
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "频率计数"
        verbose_name_plural = "频率计数"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
