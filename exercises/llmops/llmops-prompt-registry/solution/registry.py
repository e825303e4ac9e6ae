"""Versioned, labelled prompts with rollback and traceable rendering."""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PromptVersion:
    name: str
    version: int
    template: str
    sha256: str


class PromptRegistry:
    def __init__(self) -> None:
        self._versions: dict[str, list[PromptVersion]] = {}
        self._labels: dict[tuple[str, str], list[int]] = {}

    def register(self, name: str, template: str) -> PromptVersion:
        digest = hashlib.sha256(template.encode()).hexdigest()
        versions = self._versions.setdefault(name, [])
        if versions and versions[-1].sha256 == digest:
            return versions[-1]
        created = PromptVersion(name, len(versions) + 1, template, digest)
        versions.append(created)
        return created

    def get(self, name: str, version: int | None = None, label: str | None = None) -> PromptVersion:
        versions = self._versions[name]
        if label is not None:
            history = self._labels.get((name, label))
            if not history:
                raise KeyError(f"{name} has no label {label!r}")
            version = history[-1]
        if version is None:
            return versions[-1]
        if not 1 <= version <= len(versions):
            raise KeyError(f"{name} has no version {version}")
        return versions[version - 1]

    def set_label(self, name: str, label: str, version: int) -> None:
        self.get(name, version)  # raises KeyError for unknown names and versions
        self._labels.setdefault((name, label), []).append(version)

    def rollback(self, name: str, label: str) -> PromptVersion:
        history = self._labels.get((name, label), [])
        if len(history) < 2:
            raise ValueError(f"nothing to roll {name}:{label} back to")
        history.pop()
        return self.get(name, history[-1])

    def render(self, name: str, label: str, **values: str) -> tuple[str, dict]:
        prompt = self.get(name, label=label)
        text = prompt.template.format(**values)
        return text, {"prompt": name, "version": prompt.version, "sha256": prompt.sha256}
