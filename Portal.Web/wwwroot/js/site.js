// The portal's own behaviour, kept out of the pages so that the Content-Security-Policy can forbid inline script.
// A field marked data-submit-on-change sends its form as soon as it changes (the cart's ship-to site, for example).
document.addEventListener('change', function (event) {
    var field = event.target;
    if (field && field.form && field.hasAttribute && field.hasAttribute('data-submit-on-change')) {
        field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
});
