/* media-analytics dashboard: a date typed into the date picker is applied when the field loses
   focus (a click elsewhere), as it is on Enter or Tab. Dash 4's picker applies a typed date on
   Tab (its keydown handler); on blur it keeps the text without applying it, so the blur replays
   that Tab. The synthetic key press moves no focus: only the picker's handler sees it. */
document.addEventListener(
    "focusout",
    function (event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.classList.contains("dash-datepicker-input")) {
            return;
        }
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", code: "Tab", bubbles: true }));
    },
    true
);
