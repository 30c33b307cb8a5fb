// The portal's own behaviour, kept out of the pages so that the Content-Security-Policy can forbid inline script.
// A field marked data-submit-on-change sends its form as soon as it changes (the cart's ship-to site, for example).
document.addEventListener('change', function (event) {
    var field = event.target;
    if (field && field.form && field.hasAttribute && field.hasAttribute('data-submit-on-change')) {
        field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
});

// A form marked data-confirm asks before it is sent: destructive actions (cancel an order, delete a list, revoke a key)
// ask first. A form marked data-submit-once is sent once: a second click while the first is on its way does nothing
// (the server also places one order for a replayed form).
document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) return;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
    }
    if (form.hasAttribute('data-submit-once')) {
        if (form.getAttribute('data-sent')) {
            event.preventDefault();
            return;
        }
        form.setAttribute('data-sent', '1');
    }
});
// coming back to a page from the browser's history: its forms can be sent again
window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-sent]').forEach(function (form) { form.removeAttribute('data-sent'); });
});

// a signed-in page reloads itself after the account's idle time, so a terminal left alone stops showing data: the
// server then finds the session idle and asks for a sign-in
(function () {
    var seconds = parseInt(document.body && document.body.getAttribute('data-idle-reload'), 10);
    if (seconds > 0) window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();

// a form sent back with errors: focus goes to the first refused field (marked aria-invalid by the server), else to the
// error summary, so a keyboard or screen-reader user lands on what to fix
(function () {
    var first = document.querySelector('[aria-invalid="true"]');
    if (first) { first.focus(); return; }
    var summary = document.querySelector('.validation-summary-errors, [data-error-summary]');
    if (summary) {
        if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
        summary.focus();
    }
})();
