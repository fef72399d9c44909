// The page's own short script (served as /static/app.js; no inline script runs under the page's
// content security policy). htmx does the swapping; this keeps the case in the browser so that a
// reload, a crash or a closed tab comes back where it was, opens a dropped file, asks before a new
// case, and keeps the what-if scenarios. Written for the browser as it is: no build step.

export const CLIENT_JS = `(function () {
  'use strict';
  var KEY = 'subsidy-workbench:case';
  var SCEN = 'subsidy-workbench:scenarios';
  var body = document.body;
  var pending = 0;
  // A batch that is still running (its part polls the server) keeps the page busy between polls too.
  function batchRunning() { return !!document.querySelector('#batch-result[data-running]'); }
  function busy(d) { pending = Math.max(0, pending + d); body.setAttribute('data-busy', pending || batchRunning() ? '1' : '0'); }
  body.setAttribute('data-busy', '0');
  function caseForm() { return document.getElementById('case'); }
  function pairs(form) {
    var out = [];
    new FormData(form).forEach(function (v, k) { if (typeof v === 'string' && k !== 'op' && k !== 'switch_lang') out.push([k, v]); });
    return out;
  }
  function save() {
    var f = caseForm();
    if (!f) return;
    try { localStorage.setItem(KEY, JSON.stringify(pairs(f))); } catch (e) { /* storage full or off: the page still works */ }
  }
  function stored(key) {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function swapIn(html) {
    var wb = document.getElementById('workbench');
    var tmp = document.createElement('div');
    tmp.innerHTML = html;
    var fresh = tmp.querySelector('#workbench');
    if (!wb || !fresh) return;
    wb.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    save();
  }
  function post(path, list) {
    busy(1);
    return fetch(path, { method: 'POST', body: new URLSearchParams(list), headers: { 'HX-Request': 'true' }, credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .finally(function () { busy(-1); });
  }
  // Busy while any request is out (data-busy on the body, which tests wait on): counted per request, which ends once whatever happens to it.
  document.addEventListener('htmx:beforeSend', function (e) {
    var xhr = e.detail && e.detail.xhr;
    if (!xhr) return;
    busy(1);
    // After the swap and htmx's settle (20 ms), and whatever the swap starts (the scenarios' comparison).
    xhr.addEventListener('loadend', function () { setTimeout(function () { busy(-1); }, 80); });
  });
  document.addEventListener('htmx:afterSettle', save);
  document.addEventListener('input', save);
  document.addEventListener('change', save);

  // Back where it was: the working case from the browser's storage, when the server sent a blank one.
  var wb = document.getElementById('workbench');
  var kept = stored(KEY);
  if (wb && wb.getAttribute('data-fresh') === '1' && Array.isArray(kept) && kept.length) {
    post('/form', kept).then(swapIn);
  }

  // A batch upload: its progress while the file goes up. Then the server answers at once with the
  // run's own progress (rows read, share of the file), which htmx polls until the summary replaces it.
  document.addEventListener('htmx:xhr:progress', function (e) {
    var bar = document.getElementById('batch-progress');
    if (!bar || !e.detail || !e.detail.lengthComputable || e.target.id !== 'batch-form') return;
    bar.hidden = false;
    bar.value = Math.round((e.detail.loaded / e.detail.total) * 100);
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    var bar = document.getElementById('batch-progress');
    if (bar && e.target && e.target.id === 'batch-form') bar.hidden = true;
  });
  document.addEventListener('htmx:afterSettle', function () { busy(0); });

  // New case: asked first; then the case and its scenarios are cleared.
  var newCase = document.getElementById('new-case');
  if (newCase) newCase.addEventListener('submit', function (e) {
    if (!window.confirm(body.getAttribute('data-confirm-new'))) { e.preventDefault(); return; }
    localStorage.removeItem(KEY);
    localStorage.removeItem(SCEN);
  });

  // A project file dropped anywhere on the page opens as if chosen in the file input.
  document.addEventListener('dragover', function (e) { e.preventDefault(); });
  document.addEventListener('drop', function (e) {
    e.preventDefault();
    var input = document.getElementById('open-file');
    if (!input || !e.dataTransfer || !e.dataTransfer.files.length) return;
    var dt = new DataTransfer();
    dt.items.add(e.dataTransfer.files[0]);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });

  // An item's name in the table opens its explanation.
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a.item-link') : null;
    if (!a) return;
    var d = document.getElementById(a.getAttribute('href').slice(1));
    if (d) d.open = true;
  });

  // What-if: copies of the case, kept beside it and compared on the server.
  function scenarios() { var s = stored(SCEN); return Array.isArray(s) ? s : []; }
  function showScenarios() {
    var box = document.getElementById('scenario-table');
    if (!box) return;
    var list = scenarios();
    var f = caseForm();
    if (!f) return;
    var all = [pairs(f)].concat(list);
    post('/compare', [['cases', JSON.stringify(all)], ['lang', body.getAttribute('data-lang')]]).then(function (html) {
      box.innerHTML = html;
    });
  }
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var copy = t.closest('#copy-scenario');
    if (copy) {
      var list = scenarios();
      if (list.length >= 4) { window.alert(copy.getAttribute('data-limit')); return; }
      list.push(pairs(caseForm()));
      localStorage.setItem(SCEN, JSON.stringify(list));
      showScenarios();
      return;
    }
    var del = t.closest('[data-remove-scenario]');
    if (del) {
      var l = scenarios();
      l.splice(Number(del.getAttribute('data-remove-scenario')), 1);
      localStorage.setItem(SCEN, JSON.stringify(l));
      showScenarios();
      return;
    }
    var load = t.closest('[data-load-scenario]');
    if (load) {
      var s = scenarios()[Number(load.getAttribute('data-load-scenario'))];
      if (s) post('/form', s).then(swapIn).then(showScenarios);
    }
  });
  document.addEventListener('htmx:afterSettle', function (e) {
    if (e.target && e.target.id !== 'scenario-table' && scenarios().length) showScenarios();
  });
  if (scenarios().length) showScenarios();
})();
`;
