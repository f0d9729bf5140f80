// Build: compile the TypeScript, place the static files n8n loads beside the compiled nodes
// (icons and codex files), then check that everything package.json registers really exists.
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const { existsSync, rmSync, readFileSync } = require('node:fs');
const path = require('node:path');

const DIST = 'dist';

function clean(done) {
	rmSync(DIST, { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

function copyStatic() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest(DIST));
}

// n8n silently skips a node whose file, icon or codex is missing; fail the build instead.
function verify(done) {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
	const missing = [];
	for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
		if (!existsSync(file)) missing.push(file);
		if (!existsSync(file)) continue;
		const codex = file.replace(/\.js$/, '.json');
		if (file.endsWith('.node.js') && !existsSync(codex)) missing.push(codex);
		const source = readFileSync(file, 'utf8');
		for (const [, icon] of source.matchAll(/file:([\w./-]+\.(?:svg|png))/g)) {
			const iconPath = path.join(path.dirname(file), icon);
			if (!existsSync(iconPath)) missing.push(iconPath);
		}
	}
	if (missing.length) {
		done(new Error(`The build is missing files that package.json registers: ${missing.join(', ')}`));
		return;
	}
	done();
}

exports.build = series(clean, compile, copyStatic, verify);
exports.default = exports.build;
