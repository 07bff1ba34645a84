import './lib/zod-jitless';
import { mount } from 'svelte';
import './styles/global.css';
// The reading faces, bundled (served from the app's origin, never fetched from the web).
import '@fontsource-variable/literata/wght.css';
import '@fontsource-variable/literata/wght-italic.css';
import '@fontsource-variable/source-sans-3/wght.css';
import '@fontsource-variable/source-sans-3/wght-italic.css';
import '@fontsource-variable/jetbrains-mono/wght.css';
import '@fontsource-variable/atkinson-hyperlegible-next/wght.css';
import '@fontsource-variable/atkinson-hyperlegible-next/wght-italic.css';
// The theme and text settings apply before the first screen.
import './lib/appearance.svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Gloss: #app is missing from index.html');

export default mount(App, { target });
