def kroner(amount: int) -> str:
    """12000 → "12 000 kr", grouped the Norwegian way with no-break spaces so it never wraps."""
    return f"{int(amount):,}".replace(",", "\u00a0") + "\u00a0kr"
