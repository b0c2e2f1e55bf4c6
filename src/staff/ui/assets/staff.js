// Atende inbox: live updates over server-sent events and small conveniences. Everything works
// without this file (plain forms); it only avoids reloads. No inline scripts (CSP script-src 'self').
(() => {
  'use strict';
  const body = document.body;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const $ = (id) => document.getElementById(id);
  const live = $('live');
  const announce = (text) => { if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 50); } };

  // Confirmation for destructive forms, and no double submits.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { e.preventDefault(); return; }
    for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = true;
    setTimeout(() => { for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = false; }, 8000);
  });

  // Canned replies fill the reply box (the text stays editable).
  document.addEventListener('change', (e) => {
    const el = e.target;
    if (el instanceof HTMLSelectElement && el.id === 'canned') {
      const opt = el.selectedOptions[0];
      const text = opt?.getAttribute('data-text');
      const box = $('reply-text');
      if (text && box) { box.value = text; box.focus(); }
    }
  });

  // Ctrl/Cmd+Enter sends.
  document.addEventListener('keydown', (e) => {
    const el = e.target;
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && el instanceof HTMLTextAreaElement && el.form) {
      e.preventDefault();
      el.form.requestSubmit();
    }
  });

  async function getJson(url) {
    const res = await fetch(url, { headers: { accept: 'application/json', 'x-csrf-token': csrf }, credentials: 'same-origin' });
    if (res.status === 401) { window.location.href = '/staff/login'; return null; }
    if (!res.ok) return null;
    return res.json();
  }

  function debounce(fn, ms) {
    let t;
    return () => { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // Inbox list and the open-items badge.
  let lastOpen = -1;
  const refreshInbox = debounce(async () => {
    const data = await getJson('/staff/fragments/inbox');
    if (!data) return;
    const list = $('inbox-list');
    if (list) list.innerHTML = data.html;
    const badge = $('open-count');
    if (badge) badge.textContent = data.open > 0 ? String(data.open) : '';
    if (lastOpen >= 0 && data.open > lastOpen) announce('Nova pendência na caixa de entrada.');
    lastOpen = data.open;
  }, 150);

  // The conversation screen.
  const conversationId = body.getAttribute('data-conversation-id');
  let lastInbound = -1;
  const refreshConversation = debounce(async () => {
    if (!conversationId) return;
    const composer = $('composer');
    const key = composer?.getAttribute('data-key') ?? '';
    const data = await getJson(`/staff/conversations/${encodeURIComponent(conversationId)}/live?composer=${encodeURIComponent(key)}`);
    if (!data) return;
    const timeline = $('timeline');
    if (timeline) {
      const nearBottom = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 80;
      timeline.innerHTML = data.timeline;
      if (nearBottom) timeline.scrollTop = timeline.scrollHeight;
    }
    const header = $('conv-header');
    if (header) header.innerHTML = data.header;
    const card = $('card');
    if (card && !card.contains(document.activeElement)) card.innerHTML = data.card;
    if (composer && data.composer != null) {
      composer.innerHTML = data.composer;
      composer.setAttribute('data-key', data.composerKey);
    }
    if (lastInbound >= 0 && data.lastInbound > lastInbound) announce('Nova mensagem da paciente.');
    lastInbound = data.lastInbound;
  }, 100);

  const timeline = $('timeline');
  if (timeline) timeline.scrollTop = timeline.scrollHeight;

  function connect() {
    if (!('EventSource' in window)) return;
    const source = new EventSource('/staff/events');
    const conn = $('conn');
    source.onopen = () => { if (conn) conn.hidden = true; body.setAttribute('data-live', 'on'); };
    source.onerror = () => { if (conn) conn.hidden = false; body.setAttribute('data-live', 'off'); };
    source.addEventListener('update', (e) => {
      let ev;
      try { ev = JSON.parse(e.data); } catch { return; }
      if (ev.type === 'escalation' || ev.type === 'conversation' || (ev.type === 'message' && ev.direction === 'in')) refreshInbox();
      if (conversationId && (ev.conversationId === conversationId || ev.type === 'appointment')) refreshConversation();
    });
  }

  refreshInbox();
  if (conversationId) refreshConversation();
  connect();
})();
