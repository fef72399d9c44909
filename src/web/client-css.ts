// The page's style sheet (served as /static/app.css: the content security policy allows no inline
// style). Two columns on a desk, one on a phone; nothing wider than the screen.

export const CLIENT_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1d2530;background:#f5f6f8;overflow-wrap:anywhere}
header.top{background:#17324d;color:#fff;padding:.6rem 1rem}
header.top h1{font-size:1.2rem;margin:0}
header.top .policy{margin:0;font-size:.85rem;opacity:.85}
main{padding:.75rem;max-width:1400px;margin:0 auto}
#workbench{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;align-items:start}
@media (max-width:820px){#workbench{grid-template-columns:minmax(0,1fr)}}
form#case,#estimate,#files,#scenarios{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:.75rem;min-width:0}
#files,#scenarios,#batch{margin-top:1rem}
#batch{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:.75rem}
ul.summary{padding-left:1.2rem;font-size:.9rem}
ul.summary li.err{color:#b00020}
#estimate{position:sticky;top:.5rem}
#estimate h2,#scenarios h2,#files h2,#batch h2{margin-top:0;font-size:1.15rem}
@media (max-width:820px){#estimate{position:static}}
fieldset{border:1px solid #d8dde3;border-radius:6px;margin:0 0 .75rem;padding:.5rem .75rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
fieldset.entry{background:#fafbfc}
.field{margin:.4rem 0;display:flex;flex-direction:column;gap:.15rem}
.field>label{font-weight:500}
input[type=text],select{font:inherit;padding:.3rem .4rem;border:1px solid #9aa5b1;border-radius:4px;max-width:100%;width:100%;background:#fff}
.with-dk{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.with-dk input[type=text]{flex:1 1 10rem;width:auto;min-width:0}
label.dk{font-size:.85rem;white-space:nowrap}
.unit{font-size:.85rem;color:#52606d}
small.help{color:#52606d;font-size:.8rem}
.err{color:#b00020;font-size:.85rem}
.bad input,.bad select{border-color:#b00020}
button{font:inherit;padding:.3rem .7rem;border:1px solid #17324d;background:#fff;color:#17324d;border-radius:4px;cursor:pointer;margin:.15rem .15rem .15rem 0}
button#update,button#copy-scenario{background:#17324d;color:#fff}
button.remove{border-color:#b00020;color:#b00020;font-size:.85rem}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
details.more>summary{cursor:pointer;color:#17324d;margin:.3rem 0}
.actions{margin-top:.5rem}
.total{border-left:4px solid #17324d;padding:.25rem .75rem;margin-bottom:.75rem}
.total .amount{font-size:1.7rem;font-weight:700}
.total h3,.part h3{font-size:.95rem;margin:.6rem 0 .2rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #e4e7eb;padding:.25rem .35rem;text-align:left;vertical-align:top}
table.items td:first-child{white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
.nb{white-space:nowrap}
tr.sum td{font-weight:700;border-top:2px solid #17324d}
.entry{display:block;color:#52606d;font-size:.8rem}
ul.list{margin:.2rem 0;padding-left:1.2rem}
ul.tree{margin:.2rem 0;padding-left:1.1rem;font-size:.85rem}
details.item{border-top:1px solid #e4e7eb;padding:.3rem 0}
details.item>summary{cursor:pointer}
blockquote{margin:.4rem 0;padding:.3rem .6rem;border-left:3px solid #9aa5b1;background:#f5f6f8;font-size:.85rem}
.mark.pass{color:#1b7f3b}.mark.fail{color:#b00020}.mark.missing{color:#8a6d00}
.mark{display:inline-block;width:1.1em}
#problem ul{background:#fdecee;border:1px solid #b00020;color:#b00020;border-radius:6px;padding:.4rem 1.5rem;margin:0 0 .75rem}
.scenarios{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.5rem}
.scenario{border:1px solid #d8dde3;border-radius:6px;padding:.5rem}
.scenario .amount{font-size:1.2rem;font-weight:700}
.diff-up{color:#1b7f3b}.diff-down{color:#b00020}
.note{color:#52606d;font-size:.85rem}
`;
