"""Screening rules. Each takes a `Content` and returns the reasons it found (often none).

Weights are chosen so that one mild signal sends content to review, and only several strong
signals together (spam words plus spam links, say) reach the rejection threshold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, utils

from moderation.screening import Content, Reason, is_trusted

Rule = Callable[[Content], list[Reason]]

# --- helpers ----------------------------------------------------------------------------------


def full_text(content: Content) -> str:
    return "\n".join(text for text in content.texts.values() if text)


TERMS_CACHE_KEY = "moderation:blocked-terms:v1"


def active_terms() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The active blocked (words, domains), from the cache for a short while."""
    terms = cache.get(TERMS_CACHE_KEY)
    if terms is None:
        from moderation.models import BlockedTerm

        rows = BlockedTerm.objects.filter(active=True).values_list("term", "kind")
        words = sorted({term for term, kind in rows if kind == BlockedTerm.Kind.WORD})
        domains = sorted({term for term, kind in rows if kind == BlockedTerm.Kind.DOMAIN})
        terms = (tuple(words), tuple(domains))
        cache.set(TERMS_CACHE_KEY, terms, settings.MODERATION_TERMS_CACHE_SECONDS)
    return terms


TRUSTED_DOMAINS_CACHE_KEY = "moderation:trusted-link-domains:v1"


def trusted_link_domains() -> tuple[str, ...]:
    """Municipalities' own domains and the public sites in settings: links there are what a
    good project description contains, so they do not count towards the link limit."""
    domains = cache.get(TRUSTED_DOMAINS_CACHE_KEY)
    if domains is None:
        from places.models import MunicipalityEmailDomain

        municipal = MunicipalityEmailDomain.objects.values_list("domain", flat=True)
        domains = tuple(
            sorted({d.lower() for d in municipal} | set(settings.MODERATION_TRUSTED_LINK_DOMAINS))
        )
        cache.set(TRUSTED_DOMAINS_CACHE_KEY, domains, 10 * settings.MODERATION_TERMS_CACHE_SECONDS)
    return domains


def _on_domain(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def forget_terms(**kwargs) -> None:
    """Drop the cached lists (connected to BlockedTerm saves and deletes)."""
    cache.delete(TERMS_CACHE_KEY)


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    # Longest first, so a phrase wins over a word it starts with; whitespace in a phrase
    # matches any run of whitespace.
    alternatives = [
        r"\s+".join(re.escape(part) for part in word.split())
        for word in sorted(words, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


# --- blocked words ----------------------------------------------------------------------------


def blocked_words(content: Content) -> list[Reason]:
    words, _domains = active_terms()
    pattern = _words_pattern(words)
    if pattern is None:
        return []
    # Links are judged by the link rule; a spam word inside a URL counts there, not twice.
    text = LINK_RE.sub(" ", full_text(content))
    found = sorted({" ".join(match.lower().split()) for match in pattern.findall(text)})
    if not found:
        return []
    return [
        Reason.build(
            "blocked_word",
            _("Contains blocked words: %(words)s"),
            settings.MODERATION_BLOCKED_WORD_WEIGHT * len(word_families(found)),
            words=", ".join(found),
        )
    ]


def word_families(words: list[str]) -> list[str]:
    """Collapse inflections and compounds of one word ("lort", "lorteprojekt"; "idiot",
    "kraftidioter"; "casino", "online casino"): one family is one signal, not several."""
    shortest_first = sorted(set(words), key=len)
    families: list[str] = []
    for word in shortest_first:
        if not any(root in word for root in families):
            families.append(word)
    return families


# --- links ------------------------------------------------------------------------------------

COMMON_TLDS = (
    "com|net|org|info|biz|dk|de|se|no|eu|uk|io|co|ru|cn|xyz|top|win|bet|casino|online|site|"
    "shop|store|club|live|vip|app|me|tk|ml|ga|cf|gq|pw|cc|ly|gl|gd|at"
)
LINK_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]\"']+"
    r"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:"
    + COMMON_TLDS
    + r")\b(?:/[^\s<>()\[\]\"']*)?",
    re.IGNORECASE,
)


def find_links(text: str) -> list[str]:
    return [link.rstrip(".,;:!?") for link in LINK_RE.findall(text)]


def link_host(link: str) -> str:
    host = re.sub(r"^(?:https?://)", "", link, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].lower()
    return host.removeprefix("www.")


def links(content: Content) -> list[Reason]:
    found = find_links(full_text(content))
    if not found:
        return []
    reasons = []
    limit = settings.MODERATION_MAX_LINKS
    trusted = trusted_link_domains()
    counted = [link for link in found if not _on_domain(link_host(link), trusted)]
    if len(counted) > limit:
        reasons.append(
            Reason.build(
                "links.too_many",
                _("Contains %(count)d links (at most %(limit)d expected)"),
                settings.MODERATION_LINKS_WEIGHT + 0.5 * (len(counted) - limit - 1),
                count=len(counted),
                limit=limit,
            )
        )
    words, domains = active_terms()
    spam_words = [word for word in words if len(word) >= 5 and " " not in word]
    blocked = set()
    for link in counted:
        host = link_host(link)
        if _on_domain(host, domains):
            blocked.add(host)
        elif any(word in host for word in spam_words):
            blocked.add(host)
    if blocked:
        reasons.append(
            Reason.build(
                "blocked_domain",
                _("Links to blocked domains: %(domains)s"),
                settings.MODERATION_BLOCKED_DOMAIN_WEIGHT * len(blocked),
                domains=", ".join(sorted(blocked)),
            )
        )
    return reasons


# --- shouting and repeated characters ---------------------------------------------------------

SHOUTING_MIN_LETTERS = 12
SHOUTING_RATIO = 0.7
REPEATED_RE = re.compile(r"([^\W\d_])\1{4,}|([!?])\2{3,}", re.IGNORECASE)


def _is_shouting(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    upper = sum(1 for char in letters if char.isupper())
    return upper / len(letters) >= SHOUTING_RATIO


def shouting(content: Content) -> list[Reason]:
    if not any(_is_shouting(text) for text in content.texts.values() if text):
        return []
    return [Reason.build("shouting", _("Written mostly in capital letters"), 1.5)]


def repeated_chars(content: Content) -> list[Reason]:
    match = REPEATED_RE.search(full_text(content))
    if not match:
        return []
    return [
        Reason.build(
            "repeated_chars",
            _("Repeats a character many times (“%(sample)s”)"),
            1.0,
            sample=match.group(0)[:12],
        )
    ]


# --- length -----------------------------------------------------------------------------------


def _threshold(setting: dict[str, int], kind: str) -> int:
    return setting.get(kind, setting["default"])


def length(content: Content) -> list[Reason]:
    size = len(" ".join(" ".join(text.split()) for text in content.texts.values() if text))
    minimum = _threshold(settings.MODERATION_MIN_LENGTH, content.kind)
    maximum = _threshold(settings.MODERATION_MAX_LENGTH, content.kind)
    if size < minimum:
        return [
            Reason.build(
                "too_short",
                _("Very short (%(size)d characters, at least %(minimum)d expected)"),
                1.5,
                size=size,
                minimum=minimum,
            )
        ]
    if size > maximum:
        return [
            Reason.build(
                "too_long",
                _("Very long (%(size)d characters, at most %(maximum)d expected)"),
                1.5,
                size=size,
                maximum=maximum,
            )
        ]
    return []


# --- personal data ----------------------------------------------------------------------------

# Six digits of a date of birth, an optional hyphen, four digits. Since 2007 CPR numbers need
# not pass the modulus-11 check, so any pattern with a valid date is flagged.
CPR_RE = re.compile(r"(?<![\d.,/-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\d]|[.,/-]\d)")
# Parts are length-bounded and may only start where a run of address characters starts, so a
# long run without an "@" costs linear time, not quadratic (no ReDoS from a 20,000-character
# submission).
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}(?:@|\s?(?:\(at\)|\[at\]|\(snabel-a\))\s?)"
    r"[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}\b",
    re.IGNORECASE,
)
EMAIL_HINT_RE = re.compile(r"@|\(at\)|\[at\]|\(snabel-a\)", re.IGNORECASE)
# Danish phone numbers: eight digits (not starting with 0), written contiguously, as 2-2-2-2 or
# 4-4, optionally after +45 or 0045. Neighbouring digits, thousands separators and currency
# words rule a match out (so "2.500 kr", "8000 Aarhus" and "12500000 kr." are not phones).
PHONE_RE = re.compile(
    r"(?<![\w.,+-])(?:(?:\+|00)45[\s-]?)?"
    r"(?P<number>[1-9]\d{7}|[1-9]\d(?:[ -]\d{2}){3}|[1-9]\d{3}[ -]\d{4})"
    r"(?![\w]|[.,]\d|\s?(?:kr\b|kroner|dkk|eur|euro|mio|mia|%|procent|pct|stk|m2|m²|km))",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
# Company numbers are eight digits too and public; an amount is money. Neither is a phone.
NOT_A_PHONE_BEFORE_RE = re.compile(
    r"(?:(?:cvr|se|p|ean)[-\s.]*(?:nr|nummer)?[.:\s]*|(?:kr|dkk|eur|€|\$)\.?\s*)$", re.I
)


def _valid_cpr_date(day: str, month: str, year: str) -> bool:
    # The century is unknown (it sits in the serial number); allow 29 February in any year
    # divisible by four, and 1900/2000 as either.
    try:
        dt.date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def find_cpr_numbers(text: str) -> list[str]:
    return [
        match.group(0)
        for match in CPR_RE.finditer(text)
        if _valid_cpr_date(match.group(1), match.group(2), match.group(3))
    ]


def find_emails(text: str) -> list[str]:
    if not EMAIL_HINT_RE.search(text):
        return []
    return EMAIL_RE.findall(text)


def find_phone_numbers(text: str) -> list[str]:
    found = []
    for match in PHONE_RE.finditer(text):
        number = match.group("number")
        halves = re.split(r"[ -]", number)
        if len(halves) == 2 and all(YEAR_RE.match(half) for half in halves):
            continue  # "2019 2020" is two years, not a phone number
        if NOT_A_PHONE_BEFORE_RE.search(text[max(0, match.start() - 15) : match.start()]):
            continue
        found.append(match.group(0))
    return found


def personal_data(content: Content) -> list[Reason]:
    text = full_text(content)
    reasons = []
    weight = settings.MODERATION_PERSONAL_DATA_WEIGHT
    if find_cpr_numbers(text):
        reasons.append(
            Reason.build(
                "personal_data.cpr",
                _("Looks like it contains a CPR number"),
                weight,
                blocks_publication=True,
            )
        )
    if find_emails(text):
        reasons.append(
            Reason.build(
                "personal_data.email",
                _("Contains an e-mail address"),
                weight,
                blocks_publication=True,
            )
        )
    if find_phone_numbers(text):
        reasons.append(
            Reason.build(
                "personal_data.phone",
                _("Contains a phone number"),
                weight,
                blocks_publication=True,
            )
        )
    return reasons


# --- location, duplicates, behaviour ----------------------------------------------------------


def outside_denmark(content: Content) -> list[Reason]:
    if content.in_denmark is not False:
        return []
    return [Reason.build("outside_denmark", _("The location is outside Denmark"), 1.5)]


QUOTE_LINE_RE = re.compile(r"^[ \t]{0,3}>.*$", re.MULTILINE)
COMPARABLE_MAX_CHARS = 2000
# Texts compared for near-duplicates must be of similar length: a long reply that repeats a
# short earlier post is a longer post, not a copy of it.
DUPLICATE_MIN_LENGTH_RATIO = 0.5
# Kinds whose duplicate candidates are the author's own earlier items (the forum compares a
# post with the author's last few). A trusted member repeating themselves is noted in the audit
# log, as a reason of no weight, but not held: members repeat themselves in good faith ("as I
# wrote above"), and hiding a verified staff member's post for it, unseen by anyone but a
# moderator, costs more than it saves. Elsewhere the candidates are other people's items nearby,
# and a second marker for the same project is worth a moderator's look whoever wrote it.
OWN_HISTORY_KINDS = frozenset({"forum_post", "comment"})
DUPLICATE_TRUSTED_REPEAT_WEIGHT = 0.0


def without_quotes(text: str) -> str:
    """The text without Markdown block quotes: quoting a post is not writing it again."""
    return QUOTE_LINE_RE.sub("", text)


def comparable_text(texts: dict[str, str]) -> str:
    """What near-duplicate detection compares: title and summary, or, for kinds without a
    summary, the title and the whole body without its quotes. Callers build the
    `duplicates_of` texts of existing items with this same function, so like is compared with
    like."""
    summary = texts.get("summary") or " ".join(without_quotes(texts.get("body") or "").split())
    parts = [texts.get("title") or "", summary]
    text = " ".join(part for part in parts if part) or " ".join(v for v in texts.values() if v)
    return text[:COMPARABLE_MAX_CHARS]


def _similar_length(mine: str, theirs: str) -> bool:
    shorter, longer = sorted((len(mine), len(theirs)))
    return longer > 0 and shorter / longer >= DUPLICATE_MIN_LENGTH_RATIO


def duplicate(content: Content) -> list[Reason]:
    if not content.duplicates_of:
        return []
    mine = utils.default_process(comparable_text(content.texts))
    if len(set(mine.split())) < 3:
        return []
    best_label, best_ratio = None, 0.0
    for label, text in content.duplicates_of:
        theirs = utils.default_process(text or "")
        # A one- or two-word candidate is a subset of almost anything; not evidence.
        if len(set(theirs.split())) < 3 or not _similar_length(mine, theirs):
            continue
        # Whole texts, word order aside: one text containing every word of a shorter one is
        # not a copy of it (token_set_ratio would call that 100 %).
        ratio = fuzz.token_sort_ratio(mine, theirs)
        if ratio > best_ratio:
            best_label, best_ratio = label, ratio
    if best_label is None or best_ratio < settings.MODERATION_DUPLICATE_RATIO:
        return []
    weight = 2.0
    if content.kind in OWN_HISTORY_KINDS and is_trusted(
        content.author, published_count=content.author_published_count
    ):
        weight = DUPLICATE_TRUSTED_REPEAT_WEIGHT
    return [
        Reason.build(
            "duplicate",
            _("Very similar to “%(label)s” (%(ratio)d %% alike)"),
            weight,
            label=best_label,
            ratio=int(best_ratio),
        )
    ]


# How far back the velocity rule counts, per kind of content; the caller counts the author's
# items over `velocity_window(kind)` and the reason names that same window. Conversation is
# faster than submissions: answering in a lively thread is normal, so the forum's window is
# short (its rate limit caps the hour); comments on projects are conversation too.
VELOCITY_WINDOWS = {"forum_post": dt.timedelta(minutes=10), "comment": dt.timedelta(minutes=10)}


def velocity_window(kind: str) -> dt.timedelta:
    default = dt.timedelta(hours=settings.MODERATION_VELOCITY_WINDOW_HOURS)
    return VELOCITY_WINDOWS.get(kind, default)


def velocity(content: Content) -> list[Reason]:
    limit = settings.MODERATION_VELOCITY_LIMIT
    if content.recent_count <= limit:
        return []
    window = velocity_window(content.kind)
    minutes = int(window.total_seconds() // 60)
    if minutes % 60:
        message = _("The author submitted %(count)d items in %(minutes)d minutes (limit %(limit)d)")
        params = {"minutes": minutes}
    else:
        message = _("The author submitted %(count)d items in %(hours)d hours (limit %(limit)d)")
        params = {"hours": minutes // 60}
    return [
        Reason.build("velocity", message, 2.0, count=content.recent_count, limit=limit, **params)
    ]


def new_account(content: Content) -> list[Reason]:
    joined = getattr(content.author, "date_joined", None)
    if joined is None:
        return []
    hours = settings.MODERATION_NEW_ACCOUNT_HOURS
    if timezone.now() - joined >= dt.timedelta(hours=hours):
        return []
    return [
        Reason.build(
            "new_account",
            _("The account is less than %(hours)d hours old"),
            settings.MODERATION_NEW_ACCOUNT_WEIGHT,
            hours=hours,
        )
    ]


RULES: tuple[Rule, ...] = (
    blocked_words,
    links,
    shouting,
    repeated_chars,
    length,
    personal_data,
    outside_denmark,
    duplicate,
    velocity,
    new_account,
)
