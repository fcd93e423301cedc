"""The editor renders one section and loads the others as they scroll into view."""


def editor_section(page, slug: str):
    """The section `slug` of the editor page, scrolled to and loaded, as a person reaches it."""
    area = page.locator(f"#section-{slug}")
    # Scrolled by the page itself: Playwright's own scrolling waits for a stable element,
    # and a shell may be swapped for its form (by htmx) while it waits.
    page.evaluate("(id) => document.getElementById(id).scrollIntoView()", f"section-{slug}")
    area.locator("form[data-section-form]").wait_for()
    return area
