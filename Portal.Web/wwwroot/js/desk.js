// The order desk's re-promise form follows the chosen line: choosing a line fills in its promised date and quantity (and
// what the form shows, so a field left as it is stays unchanged on the server). Without script the "Show its promise"
// button does the same by asking the server for the page again.
(function () {
    document.querySelectorAll('select[data-repromise-line]').forEach(function (select) {
        var form = select.form;
        if (!form) return;
        var choose = form.querySelector('[data-choose-line]');
        if (choose) choose.hidden = true;
        select.addEventListener('change', function () {
            var option = select.options[select.selectedIndex];
            if (!option) return;
            var date = option.getAttribute('data-date') || '';
            var quantity = option.getAttribute('data-quantity') || '';
            form.elements.promisedDate.value = date;
            form.elements.quantity.value = quantity;
            var ordered = option.getAttribute('data-ordered');
            if (ordered) form.elements.quantity.max = ordered;
            form.querySelector('[data-repromise-from="date"]').value = date;
            form.querySelector('[data-repromise-from="quantity"]').value = quantity;
            var now = form.querySelector('[data-repromise-now]');
            if (now) now.textContent = option.getAttribute('data-now') || '';
        });
    });
})();
