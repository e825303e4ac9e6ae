// Streams the answer token by token (NDJSON from /stream); without JS the form posts normally.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("ask");
  if (!form || !window.ReadableStream || !window.TextDecoder) return;
  form.removeAttribute("hx-post"); // this script takes over from htmx
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
    const messages = document.getElementById("messages");
    const button = form.querySelector("button");
    const data = new FormData(form);
    const mine = document.createElement("div");
    mine.className = "message user";
    mine.innerHTML = '<div class="content"></div>';
    mine.querySelector(".content").textContent = data.get("content");
    const reply = document.createElement("div");
    reply.className = "message assistant streaming";
    reply.innerHTML = '<div class="content"></div>';
    messages.append(mine, reply);
    button.disabled = true;
    try {
      const response = await fetch(form.dataset.streamUrl, {
        method: "POST",
        body: data,
        headers: { "HX-Request": "true" }, // errors come back as an alert fragment
      });
      if (response.headers.get("HX-Redirect")) {
        window.location = response.headers.get("HX-Redirect"); // logged out meanwhile
        return;
      }
      if (!response.ok) {
        reply.outerHTML = await response.text(); // e.g. 429: the quota or rate-limit message
        mine.remove();
        return;
      }
      form.reset();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (!line.trim()) continue;
          const item = JSON.parse(line);
          if (item.type === "token") reply.querySelector(".content").textContent += item.text;
          if (item.type === "done") reply.outerHTML = item.html;
        }
      }
    } catch (err) {
      reply.querySelector(".content").textContent = "Connection lost: " + err;
    } finally {
      button.disabled = false;
    }
  }, true);
});
