"""Listen to a page's console for what a person never should cause: Content-Security-Policy
violations, JavaScript errors and failed requests."""


def _worth_reporting(message) -> bool:
    if "Content Security Policy" in message.text:
        return True
    if message.type != "error":
        return False
    # Headless Chromium asks for /favicon.ico although every page links its SVG icon.
    return not (message.location.get("url") or "").endswith("/favicon.ico")


def console_problems(page) -> list[str]:
    """A list that fills with the page's CSP violations and script errors as they happen."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{message.text} ({message.location.get('url')})")
            if _worth_reporting(message)
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"JavaScript error: {error}"))
    return found
