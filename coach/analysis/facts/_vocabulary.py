"""The words the fact patterns are built from: number words, units, currencies, months, products and names."""

from __future__ import annotations

from decimal import Decimal

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MULT = {
    "k": 10**3, "K": 10**3, "thousand": 10**3, "M": 10**6, "MM": 10**6, "mn": 10**6, "million": 10**6,
    "B": 10**9, "bn": 10**9, "billion": 10**9, "tn": 10**12, "trillion": 10**12,
}  # fmt: skip

_S, _MO = "s", "mo"
# surface form -> (family, factor to the family's base unit). Case-insensitive forms are stored lower-case.
_UNITS_CI: dict[str, tuple[str, int | str]] = {
    **dict.fromkeys(["ns", "nanosecond", "nanoseconds"], (_S, "0.000000001")),
    **dict.fromkeys(["µs", "μs", "microsecond", "microseconds"], (_S, "0.000001")),
    **dict.fromkeys(["ms", "msec", "msecs", "millisecond", "milliseconds"], (_S, "0.001")),
    **dict.fromkeys(["sec", "secs", "second", "seconds"], (_S, 1)),
    **dict.fromkeys(["min", "mins", "minute", "minutes"], (_S, 60)),
    **dict.fromkeys(["hr", "hrs", "hour", "hours"], (_S, 3600)),
    **dict.fromkeys(["day", "days"], (_S, 86400)),
    **dict.fromkeys(["wk", "wks", "week", "weeks"], (_S, 604800)),
    **dict.fromkeys(["month", "months"], (_MO, 1)),
    **dict.fromkeys(["yr", "yrs", "year", "years"], (_MO, 12)),
    **dict.fromkeys(["%", "percent", "per cent", "pct"], ("%", 1)),
    **dict.fromkeys(["percentage point", "percentage points", "pp"], ("pp", 1)),
    **dict.fromkeys(["times", "×"], ("x", 1)),
    **dict.fromkeys(["rps", "qps", "tps"], ("/s", 1)),
    **dict.fromkeys(["byte", "bytes"], ("B", 1)),
    **dict.fromkeys(["bit", "bits"], ("bit", 1)),
    **dict.fromkeys(["kilobyte", "kilobytes"], ("B", 10**3)),
    **dict.fromkeys(["megabyte", "megabytes"], ("B", 10**6)),
    **dict.fromkeys(["gigabyte", "gigabytes"], ("B", 10**9)),
    **dict.fromkeys(["terabyte", "terabytes"], ("B", 10**12)),
    **dict.fromkeys(["petabyte", "petabytes"], ("B", 10**15)),
    **dict.fromkeys(["dollar", "dollars"], ("USD", 1)),
    **dict.fromkeys(["euro", "euros"], ("EUR", 1)),
    **dict.fromkeys(["pound", "pounds"], ("GBP", 1)),
}
# Case matters for these: "Mb" is a megabit, "MB" a megabyte; "USD" is a currency, "usd" nothing.
_UNITS_CS: dict[str, tuple[str, int | str]] = {
    "kB": ("B", 10**3), "KB": ("B", 10**3), "MB": ("B", 10**6), "GB": ("B", 10**9), "TB": ("B", 10**12),
    "PB": ("B", 10**15), "KiB": ("B", 2**10), "MiB": ("B", 2**20), "GiB": ("B", 2**30), "TiB": ("B", 2**40),
    "Kb": ("bit", 10**3), "Mb": ("bit", 10**6), "Gb": ("bit", 10**9), "Tb": ("bit", 10**12),
    "kbps": ("bit/s", 10**3), "Kbps": ("bit/s", 10**3), "Mbps": ("bit/s", 10**6), "Gbps": ("bit/s", 10**9),
    "Tbps": ("bit/s", 10**12), "bps": ("bit/s", 1), "MB/s": ("B/s", 10**6), "GB/s": ("B/s", 10**9),
    "USD": ("USD", 1), "EUR": ("EUR", 1), "GBP": ("GBP", 1), "JPY": ("JPY", 1), "CAD": ("CAD", 1),
    "AUD": ("AUD", 1), "CHF": ("CHF", 1), "INR": ("INR", 1), "CNY": ("CNY", 1),
}  # fmt: skip
# Single letters only count as units when written tight against the number ("5s", "3h", "2x").
_UNITS_TIGHT: dict[str, tuple[str, int | str]] = {
    "s": (_S, 1), "m": (_S, 60), "h": (_S, 3600), "d": (_S, 86400), "us": (_S, "0.000001"),
    "x": ("x", 1), "X": ("x", 1), "×": ("x", 1), "st": ("ord", 1), "nd": ("ord", 1), "rd": ("ord", 1),
    "th": ("ord", 1),
}  # fmt: skip
_ONE = Decimal(1)


def _decimal_factors(table: dict[str, tuple[str, int | str]]) -> dict[str, tuple[str, Decimal]]:
    return {surface: (family, Decimal(factor)) for surface, (family, factor) in table.items()}


_CI_UNITS, _CS_UNITS, _TIGHT_UNITS = map(_decimal_factors, (_UNITS_CI, _UNITS_CS, _UNITS_TIGHT))
_CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "INR", "CNY"}
_PER = {
    "second": "s", "seconds": "s", "sec": "s", "secs": "s", "s": "s", "minute": "min", "minutes": "min",
    "min": "min", "mins": "min", "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "h": "h", "day": "day",
    "days": "day", "d": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year",
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip

PRODUCTS: tuple[str, ...] = tuple(
    "Postgres PostgreSQL MySQL MariaDB SQLite Redis MongoDB Cassandra Elasticsearch OpenSearch Kafka Spark "
    "Hadoop Airflow Kubernetes Docker Terraform Ansible Helm Istio Envoy Nginx Apache Tomcat Python Java "
    "Node Node.js Go Golang Rust Ruby Rails PHP Perl Scala Kotlin Swift TypeScript JavaScript React Angular "
    "Vue Django Flask Spring Ubuntu Debian CentOS RHEL Fedora Alpine Windows macOS iOS Android Linux Chrome "
    "Firefox Safari Xcode OpenSSL CUDA PyTorch TensorFlow Llama GPT Claude Gemini Mistral Jenkins Grafana "
    "Prometheus Vault Consul Lambda".split()
)
"""Products whose number after the name is a version ("Postgres 16"), not a count or a metric."""
# Names recognised even at the start of a sentence: unambiguous product and vendor names.
_KNOWN_NAMES = {
    p.casefold() for p in PRODUCTS if p not in {"Go", "Node", "Swift", "Rust", "Spring", "Vault", "Lambda"}
} | {
    "github", "gitlab", "jira", "slack", "salesforce", "stripe", "azure", "google", "microsoft", "amazon",
    "snowflake", "bigquery", "redshift", "databricks", "datadog", "okta", "openai", "anthropic", "oracle",
    "cloudflare", "heroku", "vercel", "netlify", "twilio", "shopify", "zendesk", "hubspot",
}  # fmt: skip
# ALL-CAPS words that are names, not jargon.
_CAPS_NAMES = {"AWS", "GCP", "IBM", "SAP", "AMD", "NVIDIA", "EU", "UK", "US", "USA", "NASA", "HP"}
# Capitalised words that open sentences or headings without naming anything.
_STOP = set(
    "a an the we our us you your i it its this that these those they their them he she his her my me there "
    "here in on at for if when after before but and or so as to by with without from of into onto over under "
    "then also however because since while each every all some most many any both either next last first "
    "second third finally overall currently now what why how who which where please let let's note once "
    "until is are was were be been do does did has have had will would should could can may might must "
    "yes ok okay thanks hi hello dear per via just only even still yet again instead otherwise meanwhile "
    "summary update status result results background impact action actions goal goals problem fix".split()
)
# Prefixes that make "XXX-123" a standard or a model, not a ticket.
_NOT_TICKETS = set(
    "SHA AES UTF GPT ISO RFC COVID TLS SSL HTTP RSA IEEE ECMA PCI SOC WCAG DDR LPDDR USB PCIE IPV MP".split()
)
