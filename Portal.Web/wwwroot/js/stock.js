// The count sheet (/stock/count) is typed with the keyboard alone: Enter in an on-hand field moves to the next one, as Tab
// does, instead of sending the form; in the last field Enter sends it (the browser's own behaviour). Without script, Enter
// sends the form at once, which also works.
document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    var input = e.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-count')) return;
    var form = input.closest('form[data-count-sheet]');
    if (!form) return;
    var fields = Array.prototype.slice.call(form.querySelectorAll('input[data-count]'));
    var i = fields.indexOf(input);
    if (i < 0 || i === fields.length - 1) return;
    e.preventDefault();
    fields[i + 1].focus();
    fields[i + 1].select();
});
