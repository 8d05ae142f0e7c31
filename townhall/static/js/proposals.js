// While a resident types a proposal, show similar ones ("Is your idea one of these?").
// Only an enhancement: without JavaScript the form shows them as a second step.
const form = document.querySelector("[data-similar-url]");
const live = form && form.querySelector("[data-similar-live]");

if (form && live) {
  const url = form.dataset.similarUrl;
  const title = form.querySelector("[name=title]");
  const description = form.querySelector("[name=description]");
  let timer = null;
  let last = "";

  const look = async () => {
    const query = new URLSearchParams({
      title: title ? title.value : "",
      description: description ? description.value.slice(0, 2000) : "",
    }).toString();
    if (query === last) return;
    last = query;
    try {
      const response = await fetch(`${url}?${query}`, { headers: { Accept: "text/html" } });
      if (response.ok) live.innerHTML = await response.text();
    } catch {
      // Offline or refused: the second step still shows them.
    }
  };

  for (const field of [title, description]) {
    if (!field) continue;
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(look, 500);
    });
  }
}
