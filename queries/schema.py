"""The aggregate schema, in SQLAlchemy Core so the same tables exist in SQLite and PostgreSQL.

Only aggregates live here: counts per month, area and category, histograms of waiting days and
additive parts of survey results. Nothing in it describes a person. docs/data-model.md explains
every table.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from queries.cellkeys import KEY_MODULUS, ckey

# Bump when a table changes; a database with another version is rebuilt (embedded demo) or refused.
SCHEMA_VERSION = 5

AREA_LEVELS = ("municipality", "team", "district", "neighbourhood")
# What a theme's rates count per 1,000 of: the columns of area_population they may use.
POPULATION_BASES = ("inhabitants", "youth_0_17")

# Lower bounds (in days) of the waiting-time buckets: 0-3, 4-7, 8-14, 15-28, 29-42, 43-56, 57-70,
# 71-84, 85+. Every norm in data/services.csv (3, 14, 28, 42, 56, 70 days) is a bucket edge, so the
# share helped within a norm is exact after any roll-up. 70 (Treeknorm, 10 weeks) is an edge too.
WAIT_BUCKETS = (0, 4, 8, 15, 29, 43, 57, 71, 85)

metadata = MetaData()

# Fact tables are clustered on their primary key in SQLite (WITHOUT ROWID): the pages read them
# by area and month range, and clustering makes those reads index-only.
_clustered = {"sqlite_with_rowid": False}


def _code(name: str, *args, **kwargs) -> Column:
    return Column(name, String(32), *args, **kwargs)


def _count(name: str, nullable: bool = False) -> Column:
    return Column(name, Integer, CheckConstraint(f"{name} >= 0"), nullable=nullable)


def _keyed_count(name: str, nullable: bool = False) -> tuple[Column, Column]:
    """A count of records and the sum of their record keys modulo 2**32 (queries/cellkeys.py)."""
    key = ckey(name)
    return _count(name, nullable), Column(
        key, BigInteger, CheckConstraint(f"{key} >= 0 AND {key} < {KEY_MODULUS}"), nullable=nullable
    )


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

area = Table(
    "area",
    metadata,
    _code("code", primary_key=True),
    Column("name", String(120), nullable=False),
    Column("level", String(16), CheckConstraint(f"level IN {AREA_LEVELS!r}"), nullable=False),
    _code("parent_code", ForeignKey("area.code")),
    _code("team_code", ForeignKey("area.code")),
    Column("centroid_lon", Float),
    Column("centroid_lat", Float),
    Column("geometry", Text),  # GeoJSON geometry, WGS84
    Column("geometry_source", String(200)),
)

# Every area with each of its ancestors (and itself): the team area of a district counts as an
# ancestor, so any fact rolls up to any level with one join. Rebuilt whenever areas are loaded.
area_ancestor = Table(
    "area_ancestor",
    metadata,
    _code("area_code", ForeignKey("area.code"), primary_key=True),
    _code("ancestor_code", ForeignKey("area.code"), primary_key=True),
    Index("ix_area_ancestor_ancestor", "ancestor_code", "area_code"),
)

area_population = Table(
    "area_population",
    metadata,
    _code("area_code", ForeignKey("area.code"), primary_key=True),
    Column("year", Integer, primary_key=True),
    _count("inhabitants"),
    _count("households", nullable=True),
    _count("youth_0_17", nullable=True),
    Column("source", String(200), nullable=False),
)

theme = Table(
    "theme",
    metadata,
    _code("code", primary_key=True),
    Column("label_nl", String(120), nullable=False),
    Column("label_en", String(120), nullable=False),
    Column("population_base", String(16), CheckConstraint(f"population_base IN {POPULATION_BASES!r}"), nullable=False),
    Column("sort_order", Integer, nullable=False),
)

question_type = Table(
    "question_type",
    metadata,
    _code("code", primary_key=True),
    Column("label_nl", String(120), nullable=False),
    Column("label_en", String(120), nullable=False),
    _code("theme_code", ForeignKey("theme.code"), nullable=False),
    Column("sort_order", Integer, nullable=False),
)

channel = Table(
    "channel",
    metadata,
    _code("code", primary_key=True),
    Column("label_nl", String(120), nullable=False),
    Column("label_en", String(120), nullable=False),
    Column("sort_order", Integer, nullable=False),
)

service = Table(
    "service",
    metadata,
    _code("code", primary_key=True),
    Column("label_nl", String(120), nullable=False),
    Column("label_en", String(120), nullable=False),
    Column("norm_days", Integer, nullable=False),
    Column("urgent_norm_days", Integer),
    Column("norm_nl", String(200), nullable=False),
    Column("norm_en", String(200), nullable=False),
    Column("source", String(200), nullable=False),
    Column("sort_order", Integer, nullable=False),
)

# The services whose waiting times belong to a theme (Wachttijden follows the theme chosen).
theme_service = Table(
    "theme_service",
    metadata,
    _code("theme_code", ForeignKey("theme.code"), primary_key=True),
    _code("service_code", ForeignKey("service.code"), primary_key=True),
)

survey_question = Table(
    "survey_question",
    metadata,
    _code("survey", primary_key=True),
    _code("code", primary_key=True),
    Column("label_nl", String(200), nullable=False),
    Column("label_en", String(200), nullable=False),
    # 'cijfer': a mark from 1 to 10; 'eens': agree on a five-point scale (positive = 4 or 5)
    Column("scale", String(16), CheckConstraint("scale IN ('cijfer', 'eens')"), nullable=False),
    Column("sort_order", Integer, nullable=False),
)

peer_group = Table(
    "peer_group",
    metadata,
    _code("group_code", primary_key=True),
    _code("municipality_code", ForeignKey("area.code"), primary_key=True),
    Column("group_name", String(200), nullable=False),
)

contact_month = Table(
    "contact_month",
    metadata,
    _code("area_code", ForeignKey("area.code"), primary_key=True),
    Column("month", Date, primary_key=True),
    _code("question_type", ForeignKey("question_type.code"), primary_key=True),
    _code("channel", ForeignKey("channel.code"), primary_key=True),
    *_keyed_count("contacts"),
    *_keyed_count("short_interventions"),
    *_keyed_count("dossiers_opened"),
    # Every contact ends either with a short intervention or in a dossier; disclosure control
    # relies on it (contacts = short interventions + dossiers is a published relation).
    CheckConstraint("contacts = short_interventions + dossiers_opened", name="ck_contact_outcomes"),
    **_clustered,
)

caseload_month = Table(
    "caseload_month",
    metadata,
    _code("team_code", ForeignKey("area.code"), primary_key=True),
    Column("month", Date, primary_key=True),
    _count("staff"),
    Column("fte", Float, CheckConstraint("fte >= 0"), nullable=False),
    *_keyed_count("open_dossiers"),  # at month end
    *_keyed_count("dossiers_closed"),
    # Case weight in three levels; NULL for months before the teams registered it.
    *_keyed_count("weight_1", nullable=True),
    *_keyed_count("weight_2", nullable=True),
    *_keyed_count("weight_3", nullable=True),
    *_keyed_count("multi_problem"),  # open dossiers of households with problems in several life domains
    *_keyed_count("integrated_plans"),  # of those, households with one plan and one coordinator
    CheckConstraint("integrated_plans <= multi_problem AND multi_problem <= open_dossiers"),
    **_clustered,
)

wait_month = Table(
    "wait_month",
    metadata,
    _code("area_code", ForeignKey("area.code"), primary_key=True),
    Column("month", Date, primary_key=True),
    _code("service", ForeignKey("service.code"), primary_key=True),
    Column("bucket", Integer, CheckConstraint(f"bucket IN {WAIT_BUCKETS!r}"), primary_key=True),
    *_keyed_count("started"),
    **_clustered,
)

waitlist_month = Table(
    "waitlist_month",
    metadata,
    _code("area_code", ForeignKey("area.code"), primary_key=True),
    Column("month", Date, primary_key=True),
    _code("service", ForeignKey("service.code"), primary_key=True),
    *_keyed_count("waiting"),
    **_clustered,
)

survey_result = Table(
    "survey_result",
    metadata,
    _code("area_code", ForeignKey("area.code"), primary_key=True),
    Column("wave", Integer, primary_key=True),
    _code("survey", primary_key=True),
    _code("question", primary_key=True),
    *_keyed_count("n"),  # respondents; their number is published, so it carries a key
    *_keyed_count("n_positive"),  # the share agreeing comes from the published positives
    _count("sum_score"),
    _count("sum_sq"),
    CheckConstraint("n_positive <= n"),
    **_clustered,
)

load_log = Table(
    "load_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("file_name", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("period_first", Date),
    Column("period_last", Date),
    Column("rows_read", Integer, nullable=False),
    Column("rows_written", Integer, nullable=False),
    Column("result", String(16), nullable=False),
    Column("message", Text),
)

# Norms the teams are held to, such as the caseload per fte; a municipality states its own, with the source.
team_norm = Table(
    "team_norm",
    metadata,
    _code("code", primary_key=True),
    Column("value", Float, nullable=False),
    Column("label_nl", String(120), nullable=False),
    Column("label_en", String(120), nullable=False),
    Column("unit_nl", String(120), nullable=False),
    Column("unit_en", String(120), nullable=False),
    Column("source", Text, nullable=False),
)
