// Progressive enhancement only: every page works without this file.
// Ask before cancelling a shipment, since it cannot be undone.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm(button.textContent.trim() + "?")) {
    event.preventDefault();
  }
});

// A time typed in a datetime-local field is the user's local time: send its UTC offset with it
// (the offset of that date, so summer time counts). Without scripts the server takes UTC.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const field = form.querySelector && form.querySelector("input[name=occurred_at]");
  const offset = form.querySelector && form.querySelector("input[name=utc_offset]");
  if (!field || !offset || !field.value) return;
  const minutes = -new Date(field.value).getTimezoneOffset();
  if (Number.isNaN(minutes)) return;
  const sign = minutes < 0 ? "-" : "+";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  offset.value = `${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
});
