// Progressive enhancement only: every page works without this file.
// Ask before cancelling a shipment, since it cannot be undone.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm(button.textContent.trim() + "?")) {
    event.preventDefault();
  }
});
