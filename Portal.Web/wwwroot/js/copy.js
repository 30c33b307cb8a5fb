// Copy buttons: <button data-copy="#id-of-text" data-copied="#id-of-live-region" hidden>. The button stays hidden
// without script (the text itself is selectable); with script it copies the text and says so in the live region.
(function () {
    'use strict';
    function select(el) {
        var range = document.createRange();
        range.selectNodeContents(el);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
        var source = document.querySelector(button.getAttribute('data-copy'));
        if (!source) { return; }
        var status = document.querySelector(button.getAttribute('data-copied') || '');
        button.hidden = false;
        button.addEventListener('click', function () {
            var text = (source.textContent || '').trim();
            var done = function () { if (status) { status.textContent = 'Copied to the clipboard.'; } };
            var fallback = function () {
                select(source);
                var ok = false;
                try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
                if (ok) { done(); } else if (status) { status.textContent = 'Selected: press Ctrl+C to copy.'; }
            };
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(text).then(done, fallback);
            } else {
                fallback();
            }
        });
    });
})();
