/** The console's one stylesheet, served from the hub itself (the CSP allows no inline style). */
export const CONSOLE_CSS = `
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d3d8de; --accent: #0b5cab; --accent-ink: #fff; --bad: #b3261e; --good: #1e6b36; --bg: #f6f7f9; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font-size: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); line-height: 1.5; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #f9a825; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; z-index: 10; }
header.top { background: #0d2a4a; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
header.top a, header.top .brand { color: #fff; font-weight: 600; text-decoration: none; }
header.top form { display: inline; margin: 0; }
header.top button { background: transparent; color: #fff; border: 1px solid #fff; padding: .25rem .6rem; border-radius: 4px; cursor: pointer; font: inherit; }
nav.main ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
nav.main a[aria-current="page"] { font-weight: 700; text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin: 0 0 1rem; }
.muted { color: var(--muted); }
.notice { border-left: 4px solid var(--accent); background: #e8f1fb; padding: .5rem .75rem; margin: 0 0 1rem; }
.notice.bad { border-color: var(--bad); background: #fcebea; }
.notice.good { border-color: var(--good); background: #e7f4ea; }
form.stack > div, fieldset > div { margin: 0 0 .9rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .5rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: block; font-weight: 600; margin-bottom: .2rem; }
label.inline { display: inline-flex; gap: .4rem; align-items: center; font-weight: 400; margin-right: 1rem; }
form.inline { display: inline; margin-left: .5rem; }
input[type=text], input[type=password], input[type=date], input[type=datetime-local], input[type=number], input[type=url], select, textarea { width: 100%; max-width: 32rem; padding: .45rem .5rem; border: 1px solid #8a939e; border-radius: 4px; font: inherit; background: #fff; }
textarea { min-height: 5rem; }
[aria-invalid="true"] { border-color: var(--bad) !important; border-width: 2px !important; }
.field-error { color: var(--bad); font-weight: 600; margin: .2rem 0 0; }
.hint { color: var(--muted); font-size: .9rem; margin: .1rem 0 .3rem; }
button, .button { display: inline-block; background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 4px; padding: .55rem 1rem; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
button.danger { background: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
ol.conversation { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
ol.conversation li { border: 1px solid var(--line); border-radius: .4rem; padding: .4rem .8rem; max-width: 48rem; }
ol.conversation li.mine { margin-left: auto; }
ol.conversation .message-body { white-space: pre-wrap; margin: .2rem 0 0; }
ol.timeline { list-style: none; padding: 0; border-left: 3px solid var(--line); margin: 0 0 0 .5rem; }
ol.timeline li { padding: 0 0 .6rem 1rem; position: relative; }
ol.timeline li::before { content: ""; position: absolute; left: -.5rem; top: .4rem; width: .7rem; height: .7rem; background: var(--accent); border-radius: 50%; }
.tag { display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .85rem; background: #e8ebef; margin: 0 .25rem .25rem 0; }
.tag.allow { background: #e7f4ea; } .tag.deny { background: #fcebea; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; padding: 0; list-style: none; }
.figures li { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; }
.figures strong { display: block; font-size: 1.8rem; }
.qr svg { width: 14rem; height: 14rem; }
.jws { word-break: break-all; font-family: ui-monospace, monospace; font-size: .75rem; }
.chart svg { max-width: 100%; height: auto; }
@media (max-width: 40rem) { main { padding: .5rem; } dl.facts { grid-template-columns: 1fr; } th, td { padding: .3rem; } }
.person-file code.hash { word-break: break-all; font-size: .75rem; }
.person-file blockquote { margin: .5rem 0; padding: .5rem 1rem; border-left: 3px solid #999; }
@media print { header.top, nav.main, .no-print { display: none !important; } body { background: #fff; } .card { border: 0; } }
@media print { .person-file .card, .person-file tr { break-inside: avoid; } .person-file h2 { break-after: avoid; } .person-file .table-wrap { overflow: visible; } }
`;

/**
 * Progressive enhancement only, every page works without it: shows the fields of the consent path
 * chosen (guardian, determination, witness) and reveals the receipt's print button.
 */
export const CONSOLE_JS = `
(function () {
  'use strict';
  function sync(form) {
    var chosen = {};
    form.querySelectorAll('input[type=radio]:checked, select').forEach(function (el) { chosen[el.name] = el.value; });
    form.querySelectorAll('[data-when]').forEach(function (el) {
      var rule = el.getAttribute('data-when').split('=');
      el.hidden = chosen[rule[0]] !== undefined && chosen[rule[0]] !== '' && chosen[rule[0]] !== rule[1];
    });
  }
  document.querySelectorAll('form').forEach(function (form) {
    if (!form.querySelector('[data-when]')) return;
    form.addEventListener('change', function () { sync(form); });
    sync(form);
  });
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
`;
