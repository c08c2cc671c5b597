const { src, dest, parallel } = require('gulp');

// n8n resolves `file:` icons relative to the compiled node/credential file, so every
// icon sits next to the JS that names it.
function nodeIcons() {
	return src('icons/*.svg').pipe(dest('dist/nodes/Omno')).pipe(dest('dist/nodes/OmnoTrigger'));
}

function credentialIcons() {
	return src('icons/*.svg').pipe(dest('dist/credentials'));
}

exports['build:icons'] = parallel(nodeIcons, credentialIcons);
