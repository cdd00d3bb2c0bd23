"""Polite, bounded, retrying HTTP fetching for the collector (the pipeline's network edge)."""

from syndicate.fetch.client import Fetcher, FetchStats, check_url, make_client
from syndicate.fetch.headers import user_agent

__all__ = ["FetchStats", "Fetcher", "check_url", "make_client", "user_agent"]
