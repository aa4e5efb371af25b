import { describe, expect, it } from 'vitest';
import { EventScript, ep } from '../testing/events';
import { generate } from './index';
import { Namer, identifierFrom } from './names';

describe('socket names → identifiers', () => {
  it('keeps a name, drops accents, replaces what is not a letter or digit, never starts with a digit', () => {
    expect(identifierFrom('server')).toBe('server');
    expect(identifierFrom('boîte')).toBe('boite');
    expect(identifierFrom('expéditeur')).toBe('expediteur');
    expect(identifierFrom('mon serveur n°1')).toBe('mon_serveur_n_1');
    expect(identifierFrom('2nd')).toBe('s_2nd');
    expect(identifierFrom("__import__('os').system('id')#")).toBe('import_os_system_id');
    expect(identifierFrom('📞')).toBe('');
  });

  it('never hands out a keyword or a name the programs use, and never the same name twice', () => {
    const n = new Namer();
    const names = ['client', 'client', 'class', 'int', 'listen', 'socket', 'data', 'buf', 'Socket', '📞', 'x_port'].map(
      (label, i) => n.name(`s${i + 1}`, label),
    );
    expect(names).toEqual([
      'client',
      'client_2',
      'class_2',
      'int_2',
      'listen_2',
      'socket_2',
      'data_2',
      'buf_2',
      'Socket_2',
      's10',
      'x_port_2',
    ]);
    // An unnamed socket is called by its id; a later label equal to that id gets another name.
    expect(n.name('s12', undefined)).toBe('s12');
    expect(n.name('s13', 's12')).toBe('s12_2');
  });
});

describe('free mode: sockets the teacher named keep their names in every language', () => {
  const s = new EventScript();
  s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4, label: 'server' });
  s.add({ kind: 'bound', socket: 's1', local: ep('127.0.0.1', 5000) });
  s.add({ kind: 'listening', socket: 's1', local: ep('127.0.0.1', 5000), backlog: 16 });
  s.add({ kind: 'created', socket: 's2', proto: 'tcp', family: 4, label: 'client' });
  s.add({ kind: 'connecting', socket: 's2', remote: ep('127.0.0.1', 5000) });
  s.add({ kind: 'connected', socket: 's2', local: ep('127.0.0.1', 40000), remote: ep('127.0.0.1', 5000) });
  s.add({ kind: 'accepted', socket: 's1', child: 's3', local: ep('127.0.0.1', 5000), remote: ep('127.0.0.1', 40000) });
  s.add({ kind: 'created', socket: 's3', proto: 'tcp', family: 4, parent: 's1' });
  s.add({ kind: 'created', socket: 's4', proto: 'udp', family: 4, label: 'boîte aux lettres' });
  const text = (lang: 'c' | 'python' | 'node' | 'java') => generate(s.events, lang, 't').lines.join('\n');

  it('C, Python, Node and Java declare server, client and boite_aux_lettres', () => {
    expect(text('c')).toContain('int server = socket(AF_INET, SOCK_STREAM, 0);');
    expect(text('c')).toContain('int s3 = accept(server, NULL, NULL);');
    expect(text('c')).toContain('if (connect(client, ');
    expect(text('c')).toContain('int boite_aux_lettres = socket(AF_INET, SOCK_DGRAM, 0);');
    expect(text('python')).toContain('server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
    expect(text('python')).toContain('s3, _ = server.accept()');
    expect(text('node')).toContain('const server = tcpServer();');
    expect(text('node')).toContain('const client = tcpSocket();');
    expect(text('java')).toContain('ServerSocket server = new ServerSocket();');
    expect(text('java')).toContain('Socket client = new Socket();');
  });
});
