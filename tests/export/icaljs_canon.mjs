// icaljs_canon.mjs — reads vCard files with Mozilla's ical.js and prints
// what it understood, one canonical JSON object per file (the same shape
// check_roundtrip.py builds from vobject), so the comparison with the
// expected values lives in one place.
//
//   node icaljs_canon.mjs PATH/TO/ical.js FILE.vcf... > canon.json
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [icalPath, ...files] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(path.resolve(icalPath)).href)).default;

const asList = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const asText = (v) => (Array.isArray(v) ? v.join(',') : String(v));

const out = {};
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const comp = new ICAL.Component(ICAL.parse(text));
  const canon = { emails: [], tels: [], urls: [], categories: [] };
  for (const prop of comp.getAllProperties()) {
    const v = prop.getFirstValue();
    const types = asList(prop.getParameter('type')).map((t) => t.toLowerCase()).sort();
    switch (prop.name) {
      case 'version': canon.version = v; break;
      case 'uid': canon.uid = v; break;
      case 'fn': canon.fn = v; break;
      case 'n': canon.n = asList(v).map(asText); break;
      case 'org': canon.org = asList(v).map(asText)[0]; break;
      case 'title': canon.title = v; break;
      case 'email': canon.emails.push(v); break;
      case 'tel': canon.tels.push({ types, value: v }); break;
      case 'url': canon.urls.push(v); break;
      case 'adr': canon.adr = asList(v).map(asText); break;
      case 'note': canon.note = v; break;
      case 'categories': canon.categories.push(...prop.getValues().map(asText)); break;
      case 'x-kith-status': canon.status = v; break;
      case 'x-kith-missing': canon.missing = v; break;
      default: break;
    }
  }
  out[path.basename(file)] = canon;
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
