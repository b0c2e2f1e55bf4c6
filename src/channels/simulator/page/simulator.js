// The simulator page: sends through /simulator/api/messages and shows replies as they are sent.
(() => {
  const $ = (id) => document.getElementById(id);
  const log = $('log');
  const seen = new Set();
  let source;

  function randomPhone() {
    let n = '+55119';
    for (let i = 0; i < 8; i++) n += Math.floor(Math.random() * 10);
    return n;
  }
  function phone() {
    let p = localStorage.getItem('atende.sim.phone');
    if (!p) { p = randomPhone(); localStorage.setItem('atende.sim.phone', p); }
    return p;
  }
  function clinicId() { return $('clinic').value || undefined; }
  function query() {
    const q = new URLSearchParams({ phone: phone() });
    if (clinicId()) q.set('clinicId', clinicId());
    return q.toString();
  }
  function render(m) {
    if (m.direction === 'out' && !['sent', 'delivered', 'read'].includes(m.status)) return;
    if (seen.has(m.id)) return;
    seen.add(m.id);
    const div = document.createElement('div');
    div.className = `msg ${m.direction}${m.author === 'staff' ? ' staff' : ''}`;
    div.textContent = m.text;
    const t = document.createElement('time');
    t.textContent = new Date(m.at).toLocaleTimeString('pt-BR', { hour: '2-digit', minute: '2-digit' });
    div.appendChild(t);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  async function load() {
    log.textContent = '';
    seen.clear();
    $('phone').textContent = phone();
    const res = await fetch(`/simulator/api/messages?${query()}`);
    const body = await res.json();
    body.messages.forEach(render);
    if (source) source.close();
    source = new EventSource(`/simulator/api/stream?${query()}`);
    source.onopen = () => { $('status').textContent = 'online'; };
    source.onerror = () => { $('status').textContent = 'reconectando…'; };
    source.addEventListener('message', (e) => render(JSON.parse(e.data)));
  }
  async function init() {
    const clinics = await (await fetch('/simulator/api/clinics')).json();
    for (const c of clinics) {
      const o = document.createElement('option');
      o.value = c.id; o.textContent = c.name;
      $('clinic').appendChild(o);
    }
    $('clinic').hidden = clinics.length < 2;
    const sync = () => { $('clinic-name').textContent = $('clinic').selectedOptions[0]?.textContent ?? 'Clínica'; };
    sync();
    $('clinic').addEventListener('change', () => { sync(); load(); });
    await load();
  }
  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    const id = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now() + Math.random());
    const res = await fetch('/simulator/api/messages', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: phone(), text, id, clinicId: clinicId() }),
    });
    // The message shows when the server has stored it (it comes back on the stream).
    if (!res.ok) { $('status').textContent = 'erro ao enviar'; $('text').value = text; }
  });
  $('new-chat').addEventListener('click', () => { localStorage.setItem('atende.sim.phone', randomPhone()); load(); });
  init().catch(() => { $('status').textContent = 'servidor indisponível'; });
})();
