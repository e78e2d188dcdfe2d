/* gongkai.js - optional progressive enhancement; every page works without it.
 * Confirms destructive back-office actions marked data-confirm. */
(function () {
  document.addEventListener('submit', function (e) {
    var f = e.target;
    var msg = f && f.getAttribute && f.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
