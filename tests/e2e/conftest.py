"""End-to-end fixtures: the sample province on a real loopback server, and a config for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from syndicate.cli import main
from syndicate.config import Config, load_config
from syndicate.demo import DemoServer

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = ROOT / "config" / "demo.toml"


@dataclass
class Demo:
    server: DemoServer
    config_path: Path
    folder: Path

    @property
    def config(self) -> Config:
        return load_config(self.config_path)

    @property
    def out(self) -> Path:
        return self.folder / "public"

    @property
    def db(self) -> Path:
        return self.folder / "demo.db"

    def run(self, *args: str) -> int:
        return main(["--config", str(self.config_path), "--quiet", *args], standalone_mode=False)


def demo_config_text(base_url: str, **http: object) -> str:
    """config/demo.toml pointed at `base_url`, storing next to the config file."""
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("http://127.0.0.1:8719", base_url)
    text = re.sub(r"(?m)^database = .*$", 'database = "demo.db"', text)
    text = re.sub(r"(?m)^output = .*$", 'output = "public"', text)
    for key, value in http.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    return text


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    with DemoServer() as server:
        path = tmp_path / "demo.toml"
        # Short timeouts and quick retries: the fault cases should not slow the suite.
        path.write_text(
            demo_config_text(
                server.base_url, read_timeout="2.0", total_timeout="3.0", backoff="0.05"
            ),
            encoding="utf-8",
        )
        yield Demo(server, path, tmp_path)
