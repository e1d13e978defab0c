from django.db import models


class RateCounter(models.Model):
    """Hits of one rate-limit key in its current window, shared by every app process (ratelimit.py)."""

    key = models.CharField(max_length=120, unique=True)
    hits = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "频率限制计数"
        verbose_name_plural = "频率限制计数"

    def __str__(self) -> str:
        return f"{self.key[:24]}… {self.hits}"


class ScheduledJob(models.Model):
    """One job of the scheduler: the claim that stops two schedulers running it twice, and its last result."""

    name = models.CharField(max_length=60, unique=True)
    run_count = models.PositiveIntegerField(default=0)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(null=True)
    last_message = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = "定时任务"
        verbose_name_plural = "定时任务"

    def __str__(self) -> str:
        return self.name
