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

// Idle sign-out: the server ends a session left idle for the account's time (body[data-idle-seconds] is what is left of
// it). A minute before, a modal warning (<dialog role="alertdialog"> in _Layout) takes the focus, counts down, and offers
// "Stay signed in" (a POST that starts the idle clock again) and "Sign out". The countdown's text changes every second
// but is not a live region; screen readers hear the dialog when it opens and a short line at 30 and 10 seconds. When the
// time is up the page goes to the sign-in page (a navigation, never a reload). Tabs share the time through localStorage,
// so working in one tab keeps the others from warning.
(function () {
    var body = document.body;
    var dialog = document.getElementById('idle-warning');
    var seconds = parseInt(body && body.getAttribute('data-idle-seconds'), 10);
    if (!(seconds >= 0) || !dialog || typeof dialog.showModal !== 'function') return;
    var countdown = dialog.querySelector('[data-idle-countdown]');
    var announce = dialog.querySelector('[data-idle-announce]');
    var keepAlive = dialog.querySelector('form[data-idle-keep-alive]');
    var warnBefore = 60, key = 'portal.idle.ends', endsAt = 0, warnTimer = 0, tick = 0, announced = {};

    function left() { return Math.max(0, Math.ceil((endsAt - Date.now()) / 1000)); }
    function words(s) {
        if (s >= 60) return '1 minute';
        return s === 1 ? '1 second' : s + ' seconds';
    }
    function schedule(ends, share) {
        endsAt = ends;
        window.clearTimeout(warnTimer);
        window.clearInterval(tick);
        if (dialog.open) dialog.close();
        announced = {};
        if (share) { try { window.localStorage.setItem(key, String(ends)); } catch (e) { /* private mode: this tab alone */ } }
        warnTimer = window.setTimeout(warn, Math.max(0, endsAt - Date.now() - warnBefore * 1000));
    }
    function warn() {
        update();
        if (endsAt <= Date.now()) return;
        if (!dialog.open) dialog.showModal();
        tick = window.setInterval(update, 1000);
    }
    function update() {
        var s = left();
        if (s <= 0) { expire(); return; }
        countdown.textContent = words(s);
        // one short line when the time passes 30 and 10 seconds (once each, also when a sleeping tab catches up)
        var due = [30, 10].filter(function (mark) { return s <= mark && !announced[mark]; });
        if (due.length) {
            due.forEach(function (mark) { announced[mark] = true; });
            announce.textContent = words(s) + ' left before you are signed out.';
        }
    }
    function expire() {
        window.clearInterval(tick);
        window.clearTimeout(warnTimer);
        var here = window.location.pathname + window.location.search;
        window.location.assign('/Identity/Account/Login?idle=1&returnUrl=' + encodeURIComponent(here));
    }
    function stay() {
        var button = keepAlive.querySelector('button');
        button.disabled = true;
        fetch(keepAlive.action, { method: 'POST', body: new FormData(keepAlive), credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (response) {
                var json = response.ok && !response.redirected && (response.headers.get('content-type') || '').indexOf('json') >= 0;
                if (!json) throw new Error('signed out');
                return response.json();
            })
            .then(function (answer) { schedule(Date.now() + answer.secondsLeft * 1000, true); })
            .catch(expire)
            .then(function () { button.disabled = false; });
    }

    keepAlive.addEventListener('submit', function (event) { event.preventDefault(); stay(); });
    // Escape closes a modal dialog: the person is there, so it counts as "Stay signed in"
    dialog.addEventListener('cancel', function (event) { event.preventDefault(); stay(); });
    window.addEventListener('storage', function (event) {
        var ends = parseInt(event.key === key && event.newValue, 10);
        if (ends > endsAt) schedule(ends, false);
    });
    schedule(Date.now() + seconds * 1000, true);
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
