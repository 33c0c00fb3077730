// The console's chat simulator: post what a member says, poll what the bot sent.
(function () {
  const form = document.getElementById("say");
  const chat = document.getElementById("chat");
  const csrf = chat.dataset.csrf;
  let after = 0;
  const KEEP = 200; // the newest lines only, as the server keeps (bot.transports.simulator)

  function line(who, where, text, mine) {
    const li = document.createElement("li");
    li.className = mine ? "mine" : "bot";
    const head = document.createElement("div");
    head.className = "who";
    head.textContent = who + " · " + where;
    const body = document.createElement("div");
    body.className = "bubble";
    body.textContent = text; // never innerHTML: residents' text is untrusted
    li.append(head, body);
    chat.append(li);
    while (chat.children.length > KEEP) chat.firstElementChild.remove();
    li.scrollIntoView({ block: "end" });
  }

  async function poll() {
    try {
      const res = await fetch("/simulator/feed?after=" + after);
      if (res.ok) {
        const data = await res.json();
        // The server's count, even when lower: after a restart it counts from 1 again.
        if (typeof data.last === "number") after = data.last;
        for (const m of data.messages) {
          line("机器人 " + m.at, m.group || ("私聊 " + (m.to || "")), m.text, false);
        }
      }
    } catch (e) { /* offline for a moment; the next poll catches up */ }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    line(data.name, data.group || "私聊", data.text, true);
    form.elements.text.value = "";
    const res = await fetch("/simulator/say", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(data),
    });
    if (!res.ok) line("系统", "", await res.text(), false);
    setTimeout(poll, 150);
  });

  // A photo (or voice note, or video) goes as the chosen member, in the chosen group.
  const media = document.getElementById("media");
  media.addEventListener("change", async () => {
    const file = media.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("name", form.elements.name.value);
    body.append("group", form.elements.group.value);
    body.append("file", file);
    line(form.elements.name.value, form.elements.group.value || "私聊", "[" + file.name + "]", true);
    media.value = "";
    const res = await fetch("/simulator/media", {
      method: "POST",
      headers: { "X-CSRF-Token": csrf },
      body: body,
    });
    if (!res.ok) line("系统", "", await res.text(), false);
    setTimeout(poll, 150);
  });

  poll().then(() => { chat.textContent = ""; });
  setInterval(poll, 1000);
})();
