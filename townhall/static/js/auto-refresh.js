// Reloads the page every few seconds while it says something is in progress (the
// newsletter send progress page). The page works without it: a reload shows the same.
const RELOAD_AFTER_MS = 5000;

if (document.querySelector("[data-auto-refresh]")) {
  window.setTimeout(() => window.location.reload(), RELOAD_AFTER_MS);
}
