// app.js — kith's local page: the review queue and the address book.
//
// Everything shown from the database (card text, notes, edits) goes into the
// page as text: textContent and input values, never innerHTML, so a card
// that reads "<script>" shows those characters. The server's
// Content-Security-Policy (default-src 'self') forbids inline scripts too.
'use strict';

const FIELDS = [
  ['name', 'Name'], ['title', 'Title'], ['company', 'Company'], ['email', 'Email'],
  ['phone', 'Phone'], ['url', 'Web site'], ['address', 'Address']];
const KINDS = ['meeting', 'call', 'video', 'email', 'message', 'social', 'broadcast', 'view'];
const DIRS = [['both', 'both (two-way)'], ['out', 'out (I reached them)'], ['in', 'in (they reached me)']];
const STATUS_CLASS = {connected: 'connected', lapsed: 'lapsed', unconnected: 'unconnected'};

let session = null;
let review = null;   // {queue: [ids], pos, event, saved, skipped}

// --- small helpers -----------------------------------------------------------

// el('div', {class: 'x'}, 'text', child…): strings become text nodes.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids) {
    if (kid === null || kid === undefined || kid === false) continue;
    e.append(typeof kid === 'string' || typeof kid === 'number' ? document.createTextNode(String(kid)) : kid);
  }
  return e;
}

function main() { return document.getElementById('main'); }

function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes.filter(Boolean));
}

let toastTimer = null;
function toast(message, isError) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.className = 'show' + (isError ? ' error' : '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = ''; }, isError ? 6000 : 2500);
}

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)};
  const r = await fetch(path, Object.assign({credentials: 'same-origin', cache: 'no-store'}, opts));
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) throw new Error((data && data.error) || ('the server answered ' + r.status));
  return data;
}

function statusBadge(status) {
  return el('span', {class: 'badge ' + (STATUS_CLASS[status] || 'unconnected'), 'data-status': status}, status);
}

function missingText(missing) {
  return missing && missing.length ? 'missing ' + missing.join(', ') : 'nothing missing';
}

function fieldValue(c, key) {
  switch (key) {
    case 'email': return (c.emails && c.emails[0]) || '';
    case 'phone': return (c.phones && c.phones[0] && c.phones[0].number) || '';
    case 'url': return (c.urls && c.urls[0]) || '';
    default: return c[key] || '';
  }
}

function fieldRest(c, key) {
  if (key === 'email') return (c.emails || []).slice(1);
  if (key === 'phone') return (c.phones || []).slice(1).map(p => p.number + ' (' + p.kind + ')');
  if (key === 'url') return (c.urls || []).slice(1);
  return [];
}

// --- the pieces both views use --------------------------------------------------

// The fields as inputs; OCR's unsure fields marked. Returns {node, changes()}.
function fieldsForm(view) {
  const c = view.contact;
  const inputs = {};
  const node = el('div', {class: 'fields', id: 'fields'});
  for (const [key, label] of FIELDS) {
    const unsure = view.unsure.includes(key);
    const edited = view.edited.includes(key);
    const id = 'f-' + key;
    const input = el('input', {type: 'text', id, name: key, autocomplete: 'off', spellcheck: 'false',
      class: unsure ? 'unsure' : null, 'aria-describedby': unsure ? id + '-flag' : null});
    input.value = fieldValue(c, key);
    inputs[key] = input;
    const rest = fieldRest(c, key);
    node.append(el('div', {class: 'field'},
      el('label', {for: id}, label,
        unsure ? el('span', {class: 'flag unsure', id: id + '-flag', title: 'OCR was unsure of this field: check it against the card'}, 'check') : null,
        edited ? el('span', {class: 'flag edited', title: 'you corrected this field; a rescan keeps it'}, 'edited') : null),
      input,
      rest.length ? el('div', {class: 'also'}, 'also: ' + rest.join(', ') + ' (saving replaces the list with the one above)') : null));
  }
  return {
    node,
    changes() {
      const out = {};
      for (const [key] of FIELDS) {
        const v = inputs[key].value.trim();
        if (v !== fieldValue(c, key)) out[key] = v;
      }
      return out;
    }
  };
}

function statusLine(view) {
  const c = view.contact;
  return el('div', {class: 'status-line', id: 'status'},
    statusBadge(c.status), el('span', {class: 'missing', id: 'missing'}, missingText(c.missing)));
}

function cardFigure(cardId, name) {
  const img = el('img', {src: '/api/card/' + Number(cardId), alt: 'the card of ' + name, loading: 'lazy'});
  const fig = el('figure', {class: 'card-image'}, img, el('figcaption', {}, 'card:' + Number(cardId)));
  // a card stored without its image (kith scan keeps one whenever it can)
  img.addEventListener('error', () => img.replaceWith(el('div', {class: 'no-image'}, 'no card image')));
  return fig;
}

// A form to log an interaction; onLogged(view) after the server said yes.
function logForm(view, onLogged, title) {
  const kind = el('select', {id: 'log-kind', name: 'kind'}, ...KINDS.map(k => el('option', {value: k}, k)));
  const dir = el('select', {id: 'log-dir', name: 'dir'}, ...DIRS.map(([v, t]) => el('option', {value: v}, t)));
  const date = el('input', {type: 'date', id: 'log-date', name: 'date'});
  date.value = session.today;
  const button = el('button', {type: 'submit', id: 'log-button'}, 'Log');
  const form = el('form', {class: 'log-form', id: 'log-form'},
    el('label', {}, 'Kind', kind), el('label', {}, 'Direction', dir), el('label', {}, 'Date', date), button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    try {
      const v = await api('/api/contact/' + view.contact.id + '/log',
        {kind: kind.value, dir: dir.value, date: date.value});
      toast('Logged ' + kind.value + ' (' + dir.value + '): now ' + v.summary);
      onLogged(v);
    } catch (e) {
      toast(e.message, true);
    } finally {
      button.disabled = false;
    }
  });
  return el('div', {class: 'panel log'}, el('h2', {}, title || 'Log an interaction'), form);
}

// --- the review queue ---------------------------------------------------------------

async function startReview(wantId) {
  const ev = session.event;
  const q = await api('/api/review' + (ev ? '?event=' + encodeURIComponent(ev) : ''));
  review = {queue: q.queue, pos: 0, event: q.event, saved: 0, skipped: 0};
  if (wantId) {
    // a contact asked for by address is reviewed even when it has a note
    const i = review.queue.indexOf(wantId);
    if (i >= 0) review.pos = i;
    else review.queue.unshift(wantId);
  }
}

async function showReview(wantId) {
  if (!review || (wantId && review.queue.indexOf(wantId) < 0)) await startReview(wantId);
  if (review.pos >= review.queue.length) return showReviewDone();
  const id = review.queue[review.pos];
  if (location.hash !== '#review/' + id) history.replaceState(null, '', '#review/' + id);
  let view;
  try {
    view = await api('/api/contact/' + id);
  } catch (e) {
    review.pos++;   // gone (merged?) since the queue was read
    return showReview();
  }
  renderReview(view);
}

function renderReview(view) {
  const c = view.contact;
  const form = fieldsForm(view);
  const note = el('textarea', {id: 'note', name: 'note', maxlength: 8000,
    placeholder: 'Where you met, what you talked about, what they care about…'});
  const save = el('button', {type: 'button', class: 'primary', id: 'save-next'}, 'Save and next');
  const skip = el('button', {type: 'button', id: 'skip'}, 'Skip');
  const image = c.cards.length ? cardFigure(c.cards[c.cards.length - 1], view.display_name)
    : el('div', {class: 'card-image no-image'}, 'no card image');
  const where = review.event ? ' · ' + review.event : '';

  const saveNext = async () => {
    save.disabled = skip.disabled = true;
    try {
      const changes = form.changes();
      if (Object.keys(changes).length) await api('/api/contact/' + c.id + '/edit', changes);
      if (note.value.trim()) await api('/api/contact/' + c.id + '/note', {text: note.value});
      review.saved++;
      toast('Saved ' + view.display_name);
      review.pos++;
      await showReview();
    } catch (e) {
      toast(e.message, true);
      save.disabled = skip.disabled = false;
    }
  };
  const skipOne = async () => {
    review.skipped++;
    review.pos++;
    await showReview();
  };
  save.addEventListener('click', saveNext);
  skip.addEventListener('click', skipOne);

  const section = el('section', {class: 'review', id: 'review', 'data-contact': c.id},
    el('div', {class: 'progress', id: 'progress'},
      'Card ' + (review.pos + 1) + ' of ' + review.queue.length + where),
    el('h1', {id: 'contact-name'}, view.display_name),
    el('div', {class: 'pair'},
      el('div', {class: 'left'},
        image,
        statusLine(view),
        el('div', {class: 'note-box panel'},
          el('label', {for: 'note', id: 'note-question'}, 'What do you know about ' + view.call_name + ' beyond the card?'),
          note,
          el('div', {class: 'actions'}, save, skip,
            el('span', {class: 'keys'}, el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, 'Enter'), ' save and next · ',
              el('kbd', {}, 'Esc'), ' skip')))),
      el('div', {class: 'panel'}, form.node)),
    logForm(view, (v) => {
      const s = document.getElementById('status');
      s.replaceWith(statusLine(v));
    }, 'Met already? Log it'));
  section.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); saveNext(); }
    else if (ev.key === 'Escape') { ev.preventDefault(); skipOne(); }
  });
  show(section);
  // typing goes to the note at once; the card stays in view
  note.focus({preventScroll: true});
  window.scrollTo(0, 0);
}

function showReviewDone() {
  history.replaceState(null, '', '#review');
  const n = review.queue.length;
  show(el('section', {class: 'panel', id: 'review-done'},
    el('h1', {}, n ? 'Review done' : 'Nothing to review'),
    el('p', {}, n ? review.saved + ' saved, ' + review.skipped + ' skipped (they stay in the queue).'
      : 'Every contact' + (review.event ? ' of ' + review.event : '') + ' has a personal note.'),
    el('p', {}, el('a', {href: '#book'}, 'Open the address book'))));
  review = null;
}

// --- the address book -----------------------------------------------------------------

const filters = {status: '', event: ''};

function countLine(t) {
  const parts = [
    el('span', {class: 'num'}, t.cards + ' card' + (t.cards === 1 ? '' : 's')),
    el('span', {class: 'num connected'}, t.connected + ' connected'),
    t.lapsed ? el('span', {class: 'num'}, t.lapsed + ' lapsed') : null,
    el('span', {class: 'num'}, t.one_step + ' one step away'),
    el('span', {class: 'num'}, t.no_note + ' without a personal note')].filter(Boolean);
  const out = [];
  parts.forEach((p, i) => { if (i) out.push(' · '); out.push(p); });
  return out;
}

async function showBook() {
  const [stats, next] = await Promise.all([api('/api/stats'), api('/api/next')]);
  const count = el('div', {class: 'count panel', id: 'count'});
  if (!stats.events.length) count.append(el('p', {class: 'muted'}, 'No cards yet: kith scan PHOTOS…'));
  for (const t of stats.events) {
    count.append(el('div', {class: 'event'},
      el('span', {class: 'event-name'}, (t.event === null ? '(no event)' : t.event) + ':'),
      el('span', {}, ...countLine(t))));
  }
  const status = el('select', {id: 'filter-status'},
    ...[['', 'any status'], ['unconnected', 'unconnected'], ['connected', 'connected'], ['lapsed', 'lapsed']]
      .map(([v, t]) => el('option', {value: v}, t)));
  status.value = filters.status;
  const event = el('select', {id: 'filter-event'}, el('option', {value: ''}, 'any event'));
  const rows = el('div', {class: 'rows', id: 'contacts'});
  const nextList = el('div', {class: 'rows', id: 'next'});
  for (const k of next.next.slice(0, 10)) nextList.append(contactRow(k, k.reason));
  if (!next.next.length) nextList.append(el('p', {class: 'muted'}, 'Nobody to follow up with right now.'));

  const refresh = async () => {
    filters.status = status.value;
    filters.event = event.value;
    const q = new URLSearchParams();
    if (filters.status) q.set('status', filters.status);
    if (filters.event) q.set('event', filters.event);
    const list = await api('/api/contacts?' + q.toString());
    if (event.options.length === 1) {
      for (const name of list.events) event.append(el('option', {value: name}, name));
      event.value = filters.event;
    }
    rows.replaceChildren(...list.contacts.map(c => contactRow(c, null)));
    if (!list.contacts.length) rows.append(el('p', {class: 'muted'}, 'No contact matches.'));
  };
  status.addEventListener('change', () => refresh().catch(e => toast(e.message, true)));
  event.addEventListener('change', () => refresh().catch(e => toast(e.message, true)));
  show(
    el('h1', {}, 'Cards collected, connections made'),
    count,
    el('h2', {}, 'Follow up next'),
    nextList,
    el('h2', {}, 'Contacts'),
    el('div', {class: 'filters'}, el('label', {}, 'Status', status), el('label', {}, 'Event', event)),
    rows);
  // the event list comes with the first (unfiltered) answer
  const saved = filters.event;
  if (saved) { filters.event = ''; event.value = ''; }
  await refresh();
  if (saved) { event.value = saved; if (event.value === saved) await refresh(); }
}

function contactRow(c, reason) {
  const where = [c.title, c.company, c.event].filter(Boolean).join(' · ');
  return el('a', {class: 'row', href: '#contact/' + Number(c.id), 'data-id': c.id},
    el('span', {class: 'who'}, c.name || '(no name)'),
    el('span', {class: 'where'}, where),
    el('span', {class: 'state'}, statusBadge(c.status), ' ', el('span', {class: 'missing'}, missingText(c.missing))),
    reason ? el('span', {class: 'reason'}, reason) : null);
}

// --- one contact --------------------------------------------------------------------------

async function showContact(id) {
  renderContact(await api('/api/contact/' + id));
}

function renderContact(view) {
  const c = view.contact;
  const form = fieldsForm(view);
  const saveFields = el('button', {type: 'button', class: 'primary', id: 'save-fields'}, 'Save changes');
  saveFields.addEventListener('click', async () => {
    const changes = form.changes();
    if (!Object.keys(changes).length) return toast('Nothing changed');
    try {
      renderContact(await api('/api/contact/' + c.id + '/edit', changes));
      toast('Saved');
    } catch (e) { toast(e.message, true); }
  });
  const note = el('textarea', {id: 'note', maxlength: 8000});
  const addNote = el('button', {type: 'button', id: 'add-note'}, 'Add note');
  addNote.addEventListener('click', async () => {
    if (!note.value.trim()) return toast('The note is empty', true);
    try {
      renderContact(await api('/api/contact/' + c.id + '/note', {text: note.value}));
      toast('Noted');
    } catch (e) { toast(e.message, true); }
  });
  const notes = el('ul', {class: 'entries', id: 'notes'},
    ...c.notes.map(n => el('li', {}, el('span', {class: 'when'}, n.at), n.text)));
  const log = el('ul', {class: 'entries', id: 'interactions'},
    ...c.interactions.slice().reverse().map(x => el('li', {class: x.counts ? null : 'nocount'},
      el('span', {class: 'when'}, x.at), x.kind + ' (' + x.dir + ')',
      x.note ? ' — ' + x.note : '', x.counts ? '' : ' — does not count')));
  const where = [c.title, c.company].filter(Boolean).join(' · ');
  show(
    el('p', {}, el('a', {href: '#book'}, '← Address book')),
    el('h1', {id: 'contact-name'}, view.display_name),
    where ? el('p', {class: 'muted', id: 'contact-where'}, where) : null,
    c.event ? el('p', {class: 'muted'}, 'Collected at ' + c.event + ' on ' + c.event_at) : null,
    statusLine(view),
    el('div', {class: 'pair'},
      el('div', {class: 'cards', id: 'cards'}, ...(c.cards.length ? c.cards.map(id => cardFigure(id, view.display_name))
        : [el('div', {class: 'card-image no-image'}, 'no card image')])),
      el('div', {class: 'panel'}, form.node, el('div', {class: 'actions'}, saveFields))),
    el('div', {class: 'two'},
      el('div', {},
        el('h2', {}, 'Notes'),
        c.notes.length ? notes : el('p', {class: 'muted'}, 'No personal note yet.'),
        el('div', {class: 'note-box'},
          el('label', {for: 'note'}, 'What do you know about ' + view.call_name + ' beyond the card?'),
          note, el('div', {class: 'actions'}, addNote))),
      el('div', {},
        el('h2', {}, 'Interactions'),
        c.interactions.length ? log : el('p', {class: 'muted'}, 'Nothing logged yet.'))),
    logForm(view, renderContact));
}

// --- routing ---------------------------------------------------------------------------------

function markNav(which) {
  for (const a of document.querySelectorAll('.top nav a')) a.classList.remove('here');
  const a = document.getElementById('nav-' + which);
  if (a) a.classList.add('here');
}

async function route() {
  document.getElementById('toast').className = '';
  const hash = location.hash.replace(/^#/, '');
  const [what, arg] = hash.split('/');
  const id = arg && /^[0-9]+$/.test(arg) ? Number(arg) : 0;
  try {
    if (what === 'contact' && id) { markNav('book'); await showContact(id); }
    else if (what === 'review') { markNav('review'); await showReview(id); }
    else if (what === 'book') { markNav('book'); review = null; await showBook(); }
    else if (session.mode === 'review') { location.replace('#review'); }
    else { location.replace('#book'); }
  } catch (e) {
    show(el('p', {class: 'panel', id: 'error'}, 'Could not load: ' + e.message));
  }
}

async function boot() {
  try {
    session = await api('/api/session');
  } catch (e) {
    show(el('p', {class: 'panel', id: 'error'}, e.message));
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
}

boot();
