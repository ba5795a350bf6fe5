"""The daily roll-up of confirmed signatures (SignatureDailyCount), rebuilt from the rows.

Rebuilding the recent days every few seconds, rather than adding 1 at each confirmation,
keeps confirmations free of another hot row under a surge; the roll-up lags by seconds.
Whole days are rebuilt (delete, then insert the grouped rows), so a confirmation that
commits late, or a moderation that invalidates old signatures, is picked up when its day
is rebuilt.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Date, cast, delete, func, insert, select

from webapp.extensions import db
from webapp.models import Signature, SignatureDailyCount, SignatureStatus, utcnow

# Today and yesterday: a signature confirmed just before midnight may commit just after.
RECENT_DAYS = 2
# The PostgreSQL advisory lock that keeps roll-up rebuilds one at a time.
ROLLUP_LOCK_KEY = 0x57_46_52_01


def utc_day(column):
    """The UTC calendar day of a timestamp column, on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)  # SQLite stores UTC already


def refresh_daily_counts(
    since: date | None = None, *, petition_ids: list[int] | None = None
) -> int:
    """Rebuild the roll-up from `since` (default: the recent days) to today, for these
    petitions (default: all). Returns how many roll-up rows now cover those days."""
    if db.session.get_bind().dialect.name == "postgresql":
        # One rebuild at a time (a worker's, a web process's, a moderation's): two would
        # each delete, then insert the same days, and the second would meet the first's
        # rows. Held until the transaction ends. SQLite's BEGIN IMMEDIATE already
        # serialises writers.
        db.session.execute(select(func.pg_advisory_xact_lock(ROLLUP_LOCK_KEY)))
    since = since or (utcnow().date() - timedelta(days=RECENT_DAYS - 1))
    start = datetime(since.year, since.month, since.day, tzinfo=utcnow().tzinfo)
    clear = delete(SignatureDailyCount).where(SignatureDailyCount.day >= since)
    day = utc_day(Signature.confirmed_at)
    grouped = (
        select(Signature.petition_id, day, Signature.country, func.count())
        .where(Signature.status == SignatureStatus.CONFIRMED, Signature.confirmed_at >= start)
        .group_by(Signature.petition_id, day, Signature.country)
    )
    if petition_ids is not None:
        clear = clear.where(SignatureDailyCount.petition_id.in_(petition_ids))
        grouped = grouped.where(Signature.petition_id.in_(petition_ids))
    db.session.execute(clear)
    result = db.session.execute(
        insert(SignatureDailyCount).from_select(["petition_id", "day", "country", "count"], grouped)
    )
    return result.rowcount


def refresh_recent() -> int:
    """Rebuild the recent days and commit (the worker and the in-process loop call this).

    Returns 0 so a BackgroundLoop runs it once per wake-up, not in a tight loop."""
    refresh_daily_counts()
    db.session.commit()
    return 0
