import { SearchScreen } from '@/components/search/SearchScreen';

export default function SearchRoute() {
  return <SearchScreen />;
}
