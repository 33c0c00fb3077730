// A file box in Chinese: the browser's own button says "Choose File" in its own language,
// so it is hidden and a label says 选择文件; this shows the picked file's name beside it.
(function () {
  for (const input of document.querySelectorAll("input.file-input")) {
    const shown = input.parentElement.querySelector(".file-name");
    if (!shown) continue;
    input.addEventListener("change", () => {
      shown.textContent = input.files.length ? input.files[0].name : shown.dataset.empty;
    });
  }
})();
