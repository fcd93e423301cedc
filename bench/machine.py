"""A description of the machine the numbers were taken on."""

import os
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime

import django
import psutil
from django.db import connection


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gb: float
    python: str
    django: str
    postgresql: str
    system: str
    date: str

    def lines(self) -> list[str]:
        return [
            f"- CPU: {self.cpu}, {self.cores} cores",
            f"- Memory: {self.memory_gb:.1f} GB",
            f"- System: {self.system}",
            f"- Python {self.python}, Django {self.django}, PostgreSQL {self.postgresql}",
            f"- Date: {self.date}",
        ]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _postgresql() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def describe() -> Machine:
    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 1,
        memory_gb=psutil.virtual_memory().total / 1024**3,
        python=sys.version.split()[0],
        django=django.get_version(),
        postgresql=_postgresql(),
        system=f"{platform.system()} {platform.release()}",
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()
