// The header's "Menu" on narrow screens is a <details> disclosure that works without this
// script. The script only adds what a disclosure widget is expected to do by keyboard:
// Escape closes the open menu and gives the focus back to its "Menu" control.

function init() {
  const menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  const toggle = menu.querySelector("summary");
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    // Only when the Menu control is on screen (narrow screens): on wide screens the content
    // is shown whatever the state and there is nothing to close.
    if (!toggle || toggle.getClientRects().length === 0) return;
    menu.open = false;
    toggle.focus();
  });
}

init();
