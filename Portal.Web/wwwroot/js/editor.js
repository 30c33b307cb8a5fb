// The request editor's toolbar (Pages/Shared/_Editor.cshtml): shown only when script runs; each button wraps the
// selection of its textarea in markdown-ish marks, which the server renders and sanitizes. Ctrl+B, Ctrl+I and Ctrl+K work
// in the textarea. Without script the textarea alone is the editor and the marks can be typed.
(function () {
    'use strict';

    function wrap(area, before, after, placeholder) {
        var start = area.selectionStart, end = area.selectionEnd, text = area.value;
        var chosen = text.slice(start, end) || placeholder;
        area.value = text.slice(0, start) + before + chosen + after + text.slice(end);
        area.focus();
        area.setSelectionRange(start + before.length, start + before.length + chosen.length);
    }

    function prefixLines(area, prefix) {
        var start = area.selectionStart, end = area.selectionEnd, text = area.value;
        var lineStart = text.lastIndexOf('\n', start - 1) + 1;
        var block = text.slice(lineStart, end) || 'text';
        var n = 0;
        var changed = block.split('\n').map(function (line) { n++; return (typeof prefix === 'function' ? prefix(n) : prefix) + line; }).join('\n');
        var lead = lineStart > 0 && text.charAt(lineStart - 2) !== '\n' ? '\n' : '';
        area.value = text.slice(0, lineStart) + lead + changed + text.slice(Math.max(end, lineStart));
        area.focus();
        area.setSelectionRange(lineStart + lead.length, lineStart + lead.length + changed.length);
    }

    var actions = {
        bold: function (a) { wrap(a, '**', '**', 'bold text'); },
        italic: function (a) { wrap(a, '*', '*', 'italic text'); },
        code: function (a) { wrap(a, '`', '`', 'code'); },
        link: function (a) {
            var address = window.prompt('Link address (https://…)', 'https://');
            if (!address) { a.focus(); return; }
            wrap(a, '[', '](' + address.replace(/[()\s]/g, encodeURIComponent) + ')', 'link text');
        },
        ul: function (a) { prefixLines(a, '- '); },
        ol: function (a) { prefixLines(a, function (n) { return n + '. '; }); },
        quote: function (a) { prefixLines(a, '> '); }
    };

    document.querySelectorAll('[data-editor-for]').forEach(function (bar) {
        var area = document.getElementById(bar.getAttribute('data-editor-for'));
        if (!area) return;
        bar.hidden = false;
        bar.addEventListener('click', function (e) {
            var button = e.target.closest('button[data-md]');
            if (button && actions[button.dataset.md]) actions[button.dataset.md](area);
        });
        area.addEventListener('keydown', function (e) {
            if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
            var key = e.key.toLowerCase();
            var action = key === 'b' ? 'bold' : key === 'i' ? 'italic' : key === 'k' ? 'link' : null;
            if (action) { e.preventDefault(); actions[action](area); }
        });
    });
})();
