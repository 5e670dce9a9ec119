/**
 * The one stylesheet of the web guide: system fonts, a readable column, light and dark colours with
 * enough contrast (WCAG AA), long addresses wrap instead of scrolling sideways, and a print view with the
 * QR code; a page with a letter prints the letter alone, on one A4 page.
 */
export const STYLESHEET = `:root{color-scheme:light dark;--bg:#fdfdfb;--fg:#1b1b1b;--muted:#4a4a4a;--link:#0b57b0;--visited:#6a3d9a;--line:#d6d6d0;--box:#f1f3f6}
@media (prefers-color-scheme:dark){:root{--bg:#121416;--fg:#ececec;--muted:#b9b9b9;--link:#8cc4ff;--visited:#d3b5ff;--line:#3a3f45;--box:#1d2126}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:break-word}
a{color:var(--link);text-underline-offset:.15em}
a:visited{color:var(--visited)}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.wrap{max-width:42rem;margin:0 auto;padding:0 1rem}
header.site{border-bottom:1px solid var(--line);padding:.6rem 0}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;align-items:baseline}
header.site .home{font-weight:600;text-decoration:none;color:var(--fg)}
nav.langs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
main{padding:1rem 0 2rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 .75rem}
h2{font-size:1.25rem;line-height:1.3;margin:1.75rem 0 .5rem}
p,ul,ol{margin:.6rem 0}
ul,ol{padding-left:1.4rem}
li{margin:.3rem 0}
.stand{color:var(--muted);font-size:.95rem}
.sources li{overflow-wrap:anywhere}
.topics li{margin:.6rem 0}
.topics .summary{display:block;color:var(--muted);font-size:.95rem}
.choice a{font-size:1.2rem;font-weight:600}
.ask{background:var(--box);border:1px solid var(--line);border-radius:.5rem;padding:.25rem 1rem;margin-top:2rem}
.ask h2{margin-top:.75rem}
.qr{margin:2rem 0 0;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.qr img{width:7.5rem;height:7.5rem;background:#fff;padding:.25rem;border-radius:.25rem}
.qr figcaption{color:var(--muted);font-size:.9rem;flex:1 1 12rem}
.qr .url{display:block;overflow-wrap:anywhere}
.letter{border:1px solid var(--line);border-radius:.5rem;padding:.25rem 1rem;margin:2rem 0}
.letter-text{background:var(--box);border-radius:.25rem;padding:.25rem 1rem;font-size:1rem}
.letter h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.calendar .subscribe a{font-weight:600}
@page{size:A4;margin:18mm 20mm}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding:.5rem 0 2rem}
@media print{
:root{--bg:#fff;--fg:#000;--muted:#333;--link:#000;--visited:#000;--box:#fff;--line:#999}
body{font-size:11pt}
header.site nav,footer.site .nav{display:none}
a{text-decoration:none}
.sources a[href]::after,.ask a[href]::after{content:" <" attr(href) ">";font-size:.85em;overflow-wrap:anywhere}
.related{display:none}
.ask,.qr{break-inside:avoid}
.qr img{width:4.5cm;height:4.5cm;padding:0}
body:has(.letter) header.site,body:has(.letter) footer.site{display:none}
main:has(.letter){padding:0}
article:has(> .letter) > :not(.letter),.letter > :not(.letter-text){display:none}
.letter,.letter-text{border:0;margin:0;padding:0;background:none}
.letter-text{font-size:11pt;line-height:1.4}
.letter-text p{margin:0 0 .75em}
}
`;
