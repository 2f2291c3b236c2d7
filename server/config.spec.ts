import { describe, expect, it } from 'vitest';
import { ConfigError, readServerConfig } from './config';

describe('readServerConfig', () => {
	it('defaults to port 8787 on 127.0.0.1 with ./data and ./build', () => {
		expect(readServerConfig({}, '/srv/hearth')).toEqual({
			port: 8787,
			host: '127.0.0.1',
			dataDir: '/srv/hearth/data',
			buildDir: '/srv/hearth/build',
			allowedOrigins: [],
			admins: []
		});
	});

	it('takes PORT, HOST, HEARTH_DATA and HEARTH_BUILD, resolving relative folders', () => {
		const env = {
			PORT: '0',
			HOST: '0.0.0.0',
			HEARTH_DATA: 'var/data',
			HEARTH_BUILD: '/opt/build',
			HEARTH_ORIGIN: 'https://hearth.example, http://localhost:8787'
		};
		expect(readServerConfig(env, '/srv/hearth')).toEqual({
			port: 0,
			host: '0.0.0.0',
			dataDir: '/srv/hearth/var/data',
			buildDir: '/opt/build',
			allowedOrigins: ['https://hearth.example', 'http://localhost:8787'],
			admins: []
		});
	});

	it.each(['abc', '-1', '65536', '80.5', '1e3'])('refuses PORT=%s', (port) => {
		expect(() => readServerConfig({ PORT: port }, '/')).toThrow(ConfigError);
	});

	it.each(['hearth.example', 'https://hearth.example/', 'https://hearth.example/app'])(
		'refuses HEARTH_ORIGIN=%s, naming the bare origin wanted',
		(origin) => {
			expect(() => readServerConfig({ HEARTH_ORIGIN: origin }, '/')).toThrow(ConfigError);
		}
	);

	it('takes HEARTH_ADMINS as comma-separated user ids, once each', () => {
		const env = { HEARTH_ADMINS: ' abcdefgh2345 , qrstuvwx7654,abcdefgh2345,' };
		expect(readServerConfig(env, '/').admins).toEqual(['abcdefgh2345', 'qrstuvwx7654']);
	});

	it.each(['not an id', 'short', 'abc!defghij'])('refuses HEARTH_ADMINS=%s', (admins) => {
		expect(() => readServerConfig({ HEARTH_ADMINS: admins }, '/')).toThrow(/HEARTH_ADMINS/);
	});
});
