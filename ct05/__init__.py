"""CT05: running and reporting Directive 05-CT/TW across a province's Party organizations."""
