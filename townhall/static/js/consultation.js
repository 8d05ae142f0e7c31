// Opens a clause's comments in place, under the clause, instead of on their own page.
//
// Without this script every clause links to a server-rendered page with its thread and
// form; that page stays the reference. Here each link becomes a disclosure button
// (aria-expanded / aria-controls) that fetches the same thread as a fragment; forms,
// pagination and reply links inside it are sent with fetch and the answer replaces the
// thread. Focus moves to the thread's heading (or to the error summary) and a polite
// live region says what happened.

const FRAGMENT_HEADER = "X-Townhall-Fragment";

function announce(region, message) {
  if (!region || !message) return;
  region.textContent = "";
  // A fresh text node after a tick is read even when the same words repeat.
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

function messageIn(container) {
  const notices = container.querySelectorAll(
    ".thread-messages .notice, .notice[role='alert'], .error-summary__title",
  );
  return Array.from(notices)
    .map((node) => node.textContent.trim())
    .filter(Boolean)
    .join(" ");
}

async function fetchFragment(url, options = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    ...options,
    headers: { [FRAGMENT_HEADER]: "1", ...(options.headers || {}) },
  });
  // 400/403/404 carry a readable fragment too (form errors, a refusal with the text back).
  if (response.status >= 500) {
    throw new Error(`HTTP ${response.status}`);
  }
  return response.text();
}

function focusInside(container, selector) {
  const target =
    (selector && container.querySelector(selector)) ||
    container.querySelector(".error-summary") ||
    container.querySelector("[data-thread-title]");
  if (target) {
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }
}

// The thread fragment carries the clause button's content as it is now (a new comment
// changes its count): show it on the button too. The content is the whole accessible name
// (visible words, then a visually hidden "on clause 1.2"), so no aria-label is set.
function refreshButton(button, container) {
  const template = container.querySelector("template[data-clause-button]");
  if (!template) return;
  button.replaceChildren(template.content.cloneNode(true));
}

function setUpDisclosure(link, labels, liveRegion) {
  const container = document.getElementById(link.dataset.threadTarget);
  if (!container) return;
  const url = link.dataset.threadUrl || link.getAttribute("href");

  const button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.innerHTML = link.innerHTML;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", container.id);
  link.replaceWith(button);

  let loaded = false;

  async function load(targetUrl, options, focusSelector) {
    container.setAttribute("aria-busy", "true");
    announce(liveRegion, labels.loading);
    try {
      container.innerHTML = await fetchFragment(targetUrl, options);
      loaded = true;
      refreshButton(button, container);
      focusInside(container, focusSelector);
      announce(liveRegion, messageIn(container) || labels.loaded);
    } catch (error) {
      container.innerHTML = "";
      const paragraph = document.createElement("p");
      const fallback = document.createElement("a");
      fallback.href = url;
      fallback.textContent = labels.error;
      paragraph.append(fallback);
      container.append(paragraph);
      announce(liveRegion, labels.error);
    } finally {
      container.removeAttribute("aria-busy");
    }
  }

  function open() {
    container.hidden = false;
    button.setAttribute("aria-expanded", "true");
    if (!loaded) {
      load(url);
    } else {
      focusInside(container);
    }
  }

  function close() {
    container.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  button.addEventListener("click", () => {
    if (button.getAttribute("aria-expanded") === "true") {
      close();
    } else {
      open();
    }
  });

  container.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.target.closest("textarea, input, select")) {
      close();
    }
  });

  // Everything inside the thread stays in place: forms and in-thread links.
  container.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-thread-form]");
    if (!form) return;
    event.preventDefault();
    const submitter = form.querySelector("[type=submit]");
    if (submitter) submitter.disabled = true;
    load(form.action, { method: "POST", body: new FormData(form) });
  });

  container.addEventListener("click", (event) => {
    const navigation = event.target.closest("a[data-thread-nav], a[data-thread-reply]");
    if (!navigation) return;
    event.preventDefault();
    const [address] = navigation.href.split("#");
    const focusSelector = navigation.hasAttribute("data-thread-reply") ? "textarea" : null;
    load(address, {}, focusSelector);
  });
}

function init() {
  const documentRoot = document.querySelector("[data-consultation]");
  if (!documentRoot || !window.fetch) return;
  const liveRegion = document.querySelector("[data-live-region]");
  const labels = {
    loading: documentRoot.dataset.labelLoading,
    loaded: documentRoot.dataset.labelLoaded,
    error: documentRoot.dataset.labelError,
  };
  documentRoot.querySelectorAll("a[data-thread-link]").forEach((link) => {
    setUpDisclosure(link, labels, liveRegion);
  });

  // Arriving at /…/#clause-<id> from a link: open that clause's comments.
  const hash = window.location.hash;
  if (hash.startsWith("#clause-")) {
    const button = documentRoot.querySelector(
      `button[aria-controls="thread-${CSS.escape(hash.slice("#clause-".length))}"]`,
    );
    if (button && new URLSearchParams(window.location.search).has("comments")) {
      button.click();
    }
  }
}

init();
