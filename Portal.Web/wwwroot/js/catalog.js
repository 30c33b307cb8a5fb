// The catalog's add to cart, better with script: the row's form is sent with fetch, the cart count and total in the page
// change, the live region says what was added, and focus stays where it was (on the row). Without script the same form
// is posted and the page comes back at the row (#p-...) with the same message. CSP forbids inline script: this file only.
(function () {
    var news = document.getElementById('catalog-news');

    function say(text, ok) {
        if (!news) return;
        news.className = ok ? 'alert alert-success' : 'alert alert-warning';
        // a polite region announces a change of its text; clear first so the same message twice is read twice
        news.textContent = '';
        window.setTimeout(function () { news.textContent = text; }, 50);
    }

    function mark(form, error) {
        var field = form.querySelector('input[name="quantity"]');
        var message = field && document.getElementById(field.id + '-error');
        if (!field || !message) return;
        message.textContent = error || '';
        if (error) {
            field.classList.add('is-invalid');
            field.setAttribute('aria-invalid', 'true');
            field.setAttribute('aria-describedby', message.id);
            field.focus();
        } else {
            field.classList.remove('is-invalid');
            field.removeAttribute('aria-invalid');
            field.removeAttribute('aria-describedby');
        }
    }

    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (!form || !form.hasAttribute || !form.hasAttribute('data-catalog-add') || !window.fetch || !window.FormData) return;
        event.preventDefault();
        // one add at a time per row; the button is not disabled, so focus never leaves it
        if (form.getAttribute('data-busy')) return;
        form.setAttribute('data-busy', '1');
        fetch(form.action, {
            method: 'POST',
            body: new FormData(form),
            credentials: 'same-origin',
            headers: { 'Accept': 'application/json' }
        }).then(function (response) {
            var type = response.headers.get('Content-Type') || '';
            if (type.indexOf('application/json') < 0) throw new Error('not json');
            return response.json();
        }).then(function (answer) {
            if (answer.ok) {
                mark(form, null);
                document.querySelectorAll('[data-cart-count]').forEach(function (el) { el.textContent = answer.cartCount; });
                document.querySelectorAll('[data-cart-total]').forEach(function (el) { el.textContent = answer.cartTotal; });
                say(answer.message, true);
            } else {
                mark(form, answer.error);
            }
        }).catch(function () {
            // signed out, offline or anything unexpected: send the form the plain way, which always works
            form.submit();
        }).finally(function () {
            form.removeAttribute('data-busy');
        });
    });

    // back at the row after an add without script (or a refused one): focus its quantity field
    if (location.hash && /^#p-[0-9a-f]{32}$/.test(location.hash) && !document.querySelector('[aria-invalid="true"]')) {
        var row = document.getElementById(location.hash.slice(1));
        var field = row && row.querySelector('input[name="quantity"]');
        if (field) field.focus();
    }
})();
